/**
 * Issue 4 (c): the catalogue is AP. With Inventory stopped, the till still lists, searches and scans
 * from its local copy and shows how old that copy is; cash sales go on, are never shown confirmed
 * while their stock cannot be moved, and are confirmed — once — when Inventory is back (G3, G4, G5).
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { allConfirmedOnce, onHandOf, ordersAmong } from '../support/sales-ledger.ts';

test('when Inventory is down, then the catalogue and search work from the local copy with its age shown, and cash sales confirm once Inventory is back', async ({
  page,
  api,
  stack,
}) => {
  test.setTimeout(240_000);
  const till = await TillPage.open(page, stack.urls.till);
  const products = ['p-pretzel', 'p-avocado', 'p-cola-330ml'];
  const barcodes = await Promise.all(products.map(async (id) => (await api.product(id)).barcode));
  const avocadoSku = (await api.product('p-avocado')).sku;
  const stockBefore = await onHandOf(api, products);
  await expect(till.byTestId('catalog-age')).toHaveAttribute('data-stale', 'false');

  await stack.stopService('inventory');
  let inventoryDown = true;
  try {
    // The till notices Inventory is gone (its next probe or catalogue fetch fails) and says how old its copy is.
    await expect(till.byTestId('catalog-age')).toHaveAttribute('data-stale', 'true', { timeout: 60_000 });
    await expect(till.byTestId('catalog-age')).toContainText(/Catalogue as of \d/);

    // Search by name, SKU and barcode — all from the local copy.
    await till.search('pretz');
    await expect(till.tile('p-pretzel')).toBeVisible();
    await till.search(avocadoSku);
    await expect(till.tile('p-avocado')).toBeVisible();
    await till.search(barcodes[2]!);
    await expect(till.tile('p-cola-330ml')).toBeVisible();
    await till.search('');

    const ids: string[] = [];
    for (const code of barcodes) ids.push(await till.sellExactCash([code]));
    // POS Core has the sales, but without Inventory none can be confirmed, and the till does not claim it (G4).
    await expect.poll(async () => (await ordersAmong(api, DEMO_TERMINAL_ID, ids)).orders.length, { timeout: 60_000 }).toBe(3);
    const { orders } = await ordersAmong(api, DEMO_TERMINAL_ID, ids);
    expect(orders.every((o) => o.status === 'pending')).toBe(true);
    const tillStatuses = (await till.orders()).filter((o) => ids.includes(o.id)).map((o) => o.status);
    expect(tillStatuses.every((s) => s !== 'confirmed')).toBe(true);
    await till.openSell();

    await stack.startService('inventory');
    inventoryDown = false;
    await expect.poll(() => allConfirmedOnce(api, DEMO_TERMINAL_ID, ids), { timeout: 120_000, intervals: [250] }).toBe(true);
    await expect
      .poll(async () => (await till.orders()).filter((o) => ids.includes(o.id) && o.status === 'confirmed').length, { timeout: 60_000 })
      .toBe(3);
    const stockAfter = await onHandOf(api, products);
    for (const id of products) expect(stockAfter.get(id), id).toBe(stockBefore.get(id)! - 1);
    // The catalogue catches up and is fresh again.
    await expect(till.byTestId('catalog-age')).toHaveAttribute('data-stale', 'false', { timeout: 60_000 });
  } finally {
    // The stack is shared by the spec files of this worker: never leave Inventory down.
    if (inventoryDown) await stack.startService('inventory');
  }
});
