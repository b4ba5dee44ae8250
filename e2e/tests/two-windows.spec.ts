/**
 * Issue 4 (d): two windows of the same till (one browser profile: same origin, same IndexedDB) sell
 * offline at the same time, then come online. Only one window ever sends (Web Locks), both show the
 * same queue, and POS Core ends with every sale exactly once under a unique seq — no duplicate, no loss (G1, G6).
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { allConfirmedOnce, ordersAmong } from '../support/sales-ledger.ts';

test('when two windows of one till sell offline and come online, then every sale exists exactly once on the server with a unique seq', async ({
  context,
  api,
  stack,
}) => {
  test.setTimeout(240_000);
  const [first, second] = [new TillPage(await context.newPage()), new TillPage(await context.newPage())];
  for (const till of [first, second]) {
    await till.goto(stack.urls.till);
    await till.waitForCatalog();
  }
  const barcodes = await Promise.all(['p-lemons-3', 'p-carrots-1kg'].map(async (id) => (await api.product(id)).barcode));
  // Which windows ever try to send: exactly one may (the holder of the till's Web Lock).
  const senders = new Set<number>();
  for (const [w, till] of [first, second].entries()) {
    till.page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/v1/orders/batch') senders.add(w);
    });
  }

  await context.setOffline(true);
  for (const till of [first, second]) await till.waitForOnlineState('offline');
  // Both windows sell at the same time: their sales and seqs come from one IndexedDB.
  const [fromFirst, fromSecond] = await Promise.all(
    [first, second].map(async (till, w) => {
      const ids: string[] = [];
      for (let i = 0; i < 8; i++) ids.push(await till.sellExactCash([barcodes[(i + w) % 2]!]));
      return ids;
    }),
  );
  const ids = [...fromFirst!, ...fromSecond!];
  expect(new Set(ids).size).toBe(16);
  // Every window shows the same queue.
  await first.waitForQueuedCount(16);
  await second.waitForQueuedCount(16);

  const online = Date.now();
  await context.setOffline(false);
  await expect.poll(() => allConfirmedOnce(api, DEMO_TERMINAL_ID, ids), { timeout: 120_000, intervals: [100] }).toBe(true);
  console.log(`[two-windows] 16 sales from two windows confirmed ${Date.now() - online} ms after going online`);

  expect(senders.size).toBe(1);
  const { orders } = await ordersAmong(api, DEMO_TERMINAL_ID, ids);
  expect(orders).toHaveLength(16);
  expect(new Set(orders.map((o) => o.seq)).size).toBe(16);
  const all = await api.ordersOfTerminal(DEMO_TERMINAL_ID);
  expect(new Set(all.map((o) => o.seq)).size).toBe(all.length);
  for (const till of [first, second]) {
    await till.waitForQueuedCount(0);
    await expect.poll(async () => (await till.orders()).filter((o) => ids.includes(o.id) && o.status === 'confirmed').length).toBe(16);
  }
});
