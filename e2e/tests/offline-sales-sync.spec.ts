/**
 * Issue 4 (a): the till keeps selling with the network gone. Twenty cash sales are made offline;
 * when the browser is back online the queue drains and POS Core confirms every sale exactly once,
 * and Inventory's stock of each product fell by exactly the units sold (G1, G3, G5).
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { addQuantity, allConfirmedOnce, barcodesOf, onHandOf, ordersAmong, type Quantities } from '../support/sales-ledger.ts';

const PRODUCTS = ['p-croissant', 'p-cappuccino', 'p-baguette', 'p-granola-bar'];

test('when 20 cash sales are made offline and the till comes back online, then each is confirmed exactly once and stock falls by exactly what was sold', async ({
  page,
  context,
  api,
  stack,
}) => {
  test.setTimeout(240_000);
  const till = await TillPage.open(page, stack.urls.till);
  const barcodes = await barcodesOf(api, PRODUCTS);
  const stockBefore = await onHandOf(api, PRODUCTS);

  await context.setOffline(true);
  await till.waitForOnlineState('offline');
  const ids: string[] = [];
  const sold: Quantities = new Map();
  for (let i = 0; i < 20; i++) {
    // Sale i: one or two products, so quantities differ between products.
    const lines = [PRODUCTS[i % PRODUCTS.length]!, ...(i % 3 === 0 ? [PRODUCTS[(i + 1) % PRODUCTS.length]!] : [])];
    ids.push(await till.sellExactCash(lines.map((id) => barcodes.get(id)!)));
    for (const id of lines) addQuantity(sold, id);
    // Offline, the till never claims more than it knows (G4): the sale waits (queued, or a send attempt failing).
    expect(['queued', 'sending']).toContain(await till.lastOrderStatus());
  }
  expect(new Set(ids).size).toBe(20);
  await till.waitForQueuedCount(20);
  expect((await ordersAmong(api, DEMO_TERMINAL_ID, ids)).orders).toHaveLength(0);

  const online = Date.now();
  await context.setOffline(false);
  await expect.poll(() => allConfirmedOnce(api, DEMO_TERMINAL_ID, ids), { timeout: 120_000, intervals: [100] }).toBe(true);
  console.log(`[offline-sales-sync] 20 offline sales: drained and confirmed ${Date.now() - online} ms after going online`);

  await till.waitForQueuedCount(0);
  await expect
    .poll(async () => (await till.orders()).filter((o) => ids.includes(o.id) && o.status === 'confirmed').length, { timeout: 60_000 })
    .toBe(20);
  const { orders } = await ordersAmong(api, DEMO_TERMINAL_ID, ids);
  expect(orders.every((o) => o.captureMode === 'offline')).toBe(true);
  expect(new Set(orders.map((o) => o.seq)).size).toBe(20);
  const stockAfter = await onHandOf(api, PRODUCTS);
  for (const id of PRODUCTS) expect(stockAfter.get(id), id).toBe(stockBefore.get(id)! - (sold.get(id) ?? 0));
});
