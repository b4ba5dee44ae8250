/**
 * Issue 15: a whole day at one till. Open with a float, sell cash and card, cash in and out, lose the
 * network and sell on, close with a blind count → the Z is provisional (its records not synced) → back
 * online → POS Core has every record: the Z is final and complete, the server's totals equal the till's.
 * (The staff sign-in step joins when staff is merged.)
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { barcodesOf } from '../support/sales-ledger.ts';

test('when a day is sold with cash, card, cash in/out and an offline stretch and closed offline, then its Z is provisional, then final and complete with the server agreeing to the cent', async ({
  page,
  context,
  api,
  stack,
}) => {
  test.setTimeout(240_000);
  const till = await TillPage.open(page, stack.urls.till);
  const barcodes = await barcodesOf(api, ['p-croissant', 'p-espresso']);
  // A shift the helper opened is closed first, so this day starts with its own float.
  await till.openShiftScreen();
  // The screen reads the open shift from the till's database: wait until it shows one or the other.
  await till.byTestId('shift-open-form').or(till.byTestId('shift-open-panel')).first().waitFor();
  if (await till.byTestId('shift-open-panel').isVisible()) await till.closeShift({});
  await till.openShift(15_000);
  await till.openSell();

  await till.sellExactCash([barcodes.get('p-croissant')!]);
  await till.waitForLastOrderStatus('confirmed');
  // Into the barcode field whole (typed key by key, a busy machine can make part of the code arrive
  // scanner-fast, and the wedge scanner then takes that part for a scan of its own).
  await till.scanQuick(barcodes.get('p-espresso')!);
  await till.payCard('tok_visa');
  await till.waitForLastOrderStatus('confirmed');
  await till.moveCash('in', 2_000, 'coins from the bank');
  await till.moveCash('out', 5_000, 'to the safe');

  await context.setOffline(true);
  await till.waitForOnlineState('offline');
  await till.openSell();
  await till.sellExactCash([barcodes.get('p-croissant')!, barcodes.get('p-espresso')!]);

  // Blind: nothing on the screen shows the expected cash before the count.
  await till.openShiftScreen();
  await expect(till.byTestId('x-report')).toBeVisible();
  await expect(till.byTestId('x-report').getByTestId('total-expected')).toHaveCount(0);
  await till.closeShift({ 10000: 1, 200: 1, 50: 1, 20: 3, 5: 2 }); // 103.20 counted
  const z = till.latestZ();
  await expect(z.getByTestId('z-status')).toHaveText('provisional');
  await expect(z.getByTestId('z-provisional-why')).toContainText('not synced');

  await context.setOffline(false);
  await expect(z.getByTestId('z-status')).toHaveText('final', { timeout: 90_000 });
  await expect(z.getByTestId('z-complete')).toBeVisible();
  await expect(z.getByTestId('z-differences')).toHaveCount(0);

  // POS Core's report of the same shift: final, complete, its totals the till's to the cent.
  const zNumber = Number(await z.getAttribute('data-z-number'));
  // The newest with that number: the specs share the stack, and a till started afresh numbers its Z reports from 1 again.
  const report = (await api.shiftsOfTerminal(DEMO_TERMINAL_ID)).filter((s) => s.zNumber === zNumber && s.status === 'final').at(-1);
  expect(report).toBeDefined();
  expect(report!).toMatchObject({ complete: true, missing: [], differences: [] });
  expect(report!.totals).toEqual(report!.tillTotals);
  expect(report!.totals).toMatchObject({
    float: 15_000,
    sales: { count: 3 },
    cashIn: { count: 1, total: 2_000 },
    cashOut: { count: 1, total: 5_000 },
    counted: 10_320,
  });
  expect(report!.totals.byTender.find((t) => t.type === 'card')?.salesCount).toBe(1);
  expect(report!.totals.difference).toBe(10_320 - report!.totals.expectedCash);
});
