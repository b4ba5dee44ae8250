/**
 * Issue 11, point 3: through an outage the till tells the cashier what matters, in sentences. On the
 * Sell screen: how many sales wait to be sent and how long the oldest has waited; the tiles' stock
 * with the sales made offline taken off. On the Orders screen: the items with their quantities, the
 * sale marked as sold offline and why it waits — never the browser's error words, which stay in the
 * folded diagnostics. Once the queue is drained, the outage's errors are gone from the Sync screen.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { barcodesOf } from '../support/sales-ledger.ts';

const NOT_REACHABLE = "Can't reach the store server — the sale is kept and will be sent automatically.";

test('when sales are made offline, then the cashier sees how many wait and since when, the local stock, quantities and reasons in sentences; once sent, the outage errors are gone', async ({
  page,
  context,
  api,
  stack,
}) => {
  test.setTimeout(180_000);
  const till = await TillPage.open(page, stack.urls.till);
  const barcodes = await barcodesOf(api, ['p-espresso', 'p-croissant']);
  const espresso = await api.product('p-espresso');
  const croissant = await api.product('p-croissant');
  await expect.poll(() => till.stockOf('p-espresso')).toBe(espresso.available);
  await expect.poll(() => till.stockOf('p-croissant')).toBe(croissant.available);
  await expect(till.unsentSales()).toHaveCount(0);

  await context.setOffline(true);
  await till.waitForOnlineState('offline');
  await till.openSell();
  const first = await till.sellExactCash([barcodes.get('p-espresso')!, barcodes.get('p-espresso')!, barcodes.get('p-croissant')!]);
  const second = await till.sellExactCash([barcodes.get('p-espresso')!]);

  // The status in words, not its code.
  await expect(till.byTestId('last-order-status')).toHaveText(/^(Not sent yet|Sending…)$/);
  // Where the cashier looks: how many wait, and since when.
  await expect(till.unsentSales()).toHaveText(/^2 sales not sent yet · oldest (just now|\d+ s ago)$/);
  // The tiles count the sales made here that the server has not counted yet (the tile follows the
  // outbox through a live query, so it is waited for, not read once).
  await expect.poll(() => till.stockOf('p-espresso')).toBe(espresso.available - 3);
  await expect.poll(() => till.stockOf('p-croissant')).toBe(croissant.available - 1);

  await till.openOrders();
  await expect(till.orderRow(first).getByTestId('order-items')).toHaveText('2 × Espresso, 1 × Butter Croissant');
  await expect(till.orderRow(second).getByTestId('order-items')).toHaveText('1 × Espresso');
  for (const id of [first, second]) await expect(till.orderRow(id).getByTestId('order-payment')).toHaveText('Cash (sold offline)');
  // The first sale woke the sender, whose attempt failed: the cashier reads why, in a sentence.
  await expect(till.orderRow(first).getByTestId('order-problem')).toHaveText(NOT_REACHABLE);
  // The browser's words stay in the diagnostics (folded), not in what the cashier reads.
  await expect(till.orderRow(first).getByTestId('order-diagnostic')).toContainText('network');
  expect(await till.visibleText()).not.toMatch(/Failed to fetch|network:|queued/);

  await till.openSync();
  await expect(till.syncErrors().first()).toContainText(NOT_REACHABLE);
  expect(await till.visibleText()).not.toMatch(/Failed to fetch|network:/);

  // The age is the oldest sale's: it grows while the sales wait (the line is renewed every 10 s).
  await till.openSell();
  await expect(till.unsentSales()).toHaveText(/^2 sales not sent yet · oldest \d+ s ago$/, { timeout: 30_000 });

  await context.setOffline(false);
  await till.waitForQueuedCount(0);
  await expect(till.byTestId('sync-state')).toHaveText('Up to date.');
  // The errors of the outage described a queue that is now empty: they are gone.
  await expect(till.syncErrors()).toHaveCount(0);
  await till.openSell();
  await expect(till.unsentSales()).toHaveCount(0);

  await till.openOrders();
  for (const id of [first, second]) {
    await expect(till.orderRow(id)).toHaveAttribute('data-status', 'confirmed', { timeout: 30_000 });
    await expect(till.orderRow(id).getByTestId('order-problem')).toHaveCount(0);
    // Labelled by how it was made, before and after it was sent.
    await expect(till.orderRow(id).getByTestId('order-payment')).toHaveText('Cash (sold offline)');
  }
  // Once the server counted them, the tiles show the server's stock (the sales are not taken off twice).
  const espressoAfter = await api.product('p-espresso');
  expect(espressoAfter.available).toBe(espresso.available - 3);
  await expect.poll(() => till.stockOf('p-espresso'), { timeout: 30_000 }).toBe(espressoAfter.available);
  await expect.poll(() => till.stockOf('p-croissant'), { timeout: 30_000 }).toBe(croissant.available - 1);
});
