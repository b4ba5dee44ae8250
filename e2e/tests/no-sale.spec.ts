/**
 * Issue 15, item 1: "No sale" opens the cash drawer without a sale. The drawer hangs off the receipt
 * printer, so the till sends the ESC/POS drawer pulse (ESC p) to the network printer — here the test
 * stack's virtual printer, which captures the bytes. Every opening is on record: a 'no-sale' record of the
 * shift (the till's one sequence), counted on the X and Z reports ("No sales") and held by POS Core with
 * the shift's records. (In a store with staff the policy guards it; the override and its approver are
 * shown in staff.spec.ts.)
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { cashDrawerPulse } from '@pos/till-core/receipt';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when the cashier presses No sale, then the printer gets the drawer pulse, the till says the drawer opened, and the Z counts the no-sale', async ({
  page,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  // A shift of its own, so that the count on its Z is this test's.
  await till.openShiftScreen();
  await till.byTestId('shift-open-form').or(till.byTestId('shift-open-panel')).first().waitFor();
  if (await till.byTestId('shift-open-panel').isVisible()) await till.closeShift({});
  await till.openShift(0);
  await till.openSell();

  const jobsBefore = stack.printer.jobs.length;
  await page.getByTestId('no-sale').click();
  await expect(page.getByTestId('no-sale-message')).toHaveText('Drawer opened.');
  expect([...(await stack.printer.job(jobsBefore))]).toEqual([...cashDrawerPulse()]);

  await till.openShiftScreen();
  await expect(till.byTestId('x-report').getByTestId('total-no-sales')).toHaveText('1');
  await till.closeShift({});
  const z = till.latestZ();
  await expect(z.getByTestId('z-status')).toHaveText('final', { timeout: 60_000 });
  await expect(z.getByTestId('total-no-sales')).toHaveText('1');
  const zNumber = Number(await z.getAttribute('data-z-number'));
  // The newest with that number: the specs share the stack, and a till started afresh numbers its Z reports from 1 again.
  const report = (await api.shiftsOfTerminal(DEMO_TERMINAL_ID)).filter((s) => s.zNumber === zNumber).at(-1);
  expect(report).toMatchObject({ status: 'final', complete: true, differences: [], totals: { noSales: 1 } });
  expect(report?.noSales).toHaveLength(1);
});
