/**
 * Issue 4 (e): the till is reloaded in the middle of draining a backlog of 200 offline sales — at
 * the worst moment: POS Core has recorded a batch whose answer the till never hears. After the
 * reload the till resends those sales with the same ids; nothing is lost or doubled (G1, G6).
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { addQuantity, allConfirmedOnce, barcodesOf, onHandOf, ordersAmong, type Quantities } from '../support/sales-ledger.ts';

const PRODUCTS = ['p-still-water-500ml', 'p-sparkling-water-500ml', 'p-whole-milk-1l', 'p-gummy-bears'];
const SALES = 200;

test('when the till is reloaded while 200 queued sales drain, then every sale reaches the server exactly once', async ({
  page,
  context,
  api,
  stack,
}) => {
  test.setTimeout(600_000);
  const till = await TillPage.open(page, stack.urls.till);
  const barcodes = await barcodesOf(api, PRODUCTS);
  const stockBefore = await onHandOf(api, PRODUCTS);

  await context.setOffline(true);
  await till.waitForOnlineState('offline');
  const ids: string[] = [];
  const sold: Quantities = new Map();
  for (let i = 0; i < SALES; i++) {
    const product = PRODUCTS[i % PRODUCTS.length]!;
    ids.push(await till.sellExactCash([barcodes.get(product)!]));
    addQuantity(sold, product);
  }
  await till.waitForQueuedCount(SALES);

  // The first batch goes through; the second reaches POS Core, which records it, but its answer is
  // held back and the till is reloaded before it arrives.
  let batches = 0;
  let secondRecorded!: () => void;
  const recorded = new Promise<void>((resolve) => {
    secondRecorded = resolve;
  });
  await page.route('**/v1/orders/batch', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    batches += 1;
    if (batches !== 2) return route.continue();
    await route.fetch();
    secondRecorded();
  });

  const online = Date.now();
  await context.setOffline(false);
  await recorded;
  // POS Core has recorded both batches, but the till still waits for the second answer.
  expect((await ordersAmong(api, DEMO_TERMINAL_ID, ids)).orders).toHaveLength(SALES);
  expect(await till.queuedCount()).toBeGreaterThan(0);
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  await till.goto(stack.urls.till, { numbered: false });

  await expect.poll(() => allConfirmedOnce(api, DEMO_TERMINAL_ID, ids), { timeout: 300_000, intervals: [250] }).toBe(true);
  console.log(
    `[reload-mid-drain] ${SALES} offline sales: drained (with a reload mid-way) and confirmed ${Date.now() - online} ms after going online`,
  );

  const { orders } = await ordersAmong(api, DEMO_TERMINAL_ID, ids);
  expect(orders).toHaveLength(SALES);
  expect(new Set(orders.map((o) => o.seq)).size).toBe(SALES);
  const stockAfter = await onHandOf(api, PRODUCTS);
  for (const id of PRODUCTS) expect(stockAfter.get(id), id).toBe(stockBefore.get(id)! - sold.get(id)!);
  await till.waitForQueuedCount(0);
  const shown = await till.orders();
  expect(shown.filter((o) => ids.includes(o.id))).toHaveLength(SALES);
  await expect
    .poll(async () => (await till.orders()).filter((o) => ids.includes(o.id) && o.status === 'confirmed').length, { timeout: 60_000 })
    .toBe(SALES);
});
