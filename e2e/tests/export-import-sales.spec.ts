/**
 * Issue 4 (f): a till that cannot reach the server exports its queued sales to a file; a second till
 * (another browser profile: its own IndexedDB) imports the file twice and sends them; later the first
 * till comes back online and sends the same sales too. Each sale exists exactly once on the server,
 * and stock moved once per sale (G1, G3, G6). Reset is refused while the first till holds unsynced sales.
 */
import { readFileSync } from 'node:fs';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { allConfirmedOnce, onHandOf, ordersAmong } from '../support/sales-ledger.ts';

test('when an exported queue is imported twice on a second till and both tills sync, then each sale exists exactly once on the server', async ({
  browser,
  api,
  stack,
}) => {
  test.setTimeout(240_000);
  const firstContext = await browser.newContext({ acceptDownloads: true });
  const secondContext = await browser.newContext();
  try {
    const first = new TillPage(await firstContext.newPage());
    await first.goto(stack.urls.till);
    await first.waitForCatalog();
    const products = ['p-butter-250g', 'p-oat-cookies'];
    const barcodes = await Promise.all(products.map(async (id) => (await api.product(id)).barcode));
    const stockBefore = await onHandOf(api, products);

    await firstContext.setOffline(true);
    await first.waitForOnlineState('offline');
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await first.sellExactCash([barcodes[i % 2]!]));
    await first.waitForQueuedCount(6);

    // Safety valve: the till refuses to erase unsynced sales.
    expect(await first.resetTill()).toMatch(/has not finished \(\d+ (queued|sending)/);
    await first.waitForQueuedCount(6);

    const file = await first.exportSales();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.schemaVersion).toBe(1);
    expect(exported.sales.map((s: { order: { id: string } }) => s.order.id).sort()).toEqual([...ids].sort());
    expect(exported.sales.every((s: { order: { terminalId: string } }) => s.order.terminalId === DEMO_TERMINAL_ID)).toBe(true);

    const second = new TillPage(await secondContext.newPage());
    await second.goto(stack.urls.till);
    expect(await second.importSales(file)).toMatch(/^Imported 6 sales; 0 already/);
    expect(await second.importSales(file)).toMatch(/^Imported 0 sales; 6 already/);
    await expect.poll(() => allConfirmedOnce(api, DEMO_TERMINAL_ID, ids), { timeout: 120_000, intervals: [250] }).toBe(true);
    await second.waitForQueuedCount(0);
    // Importing again after they were sent changes nothing.
    expect(await second.importSales(file)).toMatch(/^Imported 0 sales; 6 already/);

    // The first till comes back and sends its copies: POS Core answers them as replays.
    await firstContext.setOffline(false);
    await first.waitForQueuedCount(0, 120_000);
    await expect
      .poll(async () => (await first.orders()).filter((o) => ids.includes(o.id) && o.status === 'confirmed').length, { timeout: 60_000 })
      .toBe(6);

    const { orders, occurrences } = await ordersAmong(api, DEMO_TERMINAL_ID, ids);
    expect(orders).toHaveLength(6);
    expect([...occurrences.values()].every((n) => n === 1)).toBe(true);
    const stockAfter = await onHandOf(api, products);
    for (const id of products) expect(stockAfter.get(id), id).toBe(stockBefore.get(id)! - 3);

    // With nothing left unsynced, the reset is allowed.
    expect(await first.resetTill()).toMatch(/was reset/);
    expect(await first.orders()).toEqual([]);
  } finally {
    await firstContext.close();
    await secondContext.close();
  }
});
