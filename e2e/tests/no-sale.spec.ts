/**
 * Issue 15, item 1: "No sale" opens the cash drawer without a sale. The drawer hangs off the receipt
 * printer, so the till sends the ESC/POS drawer pulse (ESC p) to the network printer — here the test
 * stack's virtual printer, which captures the bytes. (In a store with staff the policy guards it; the
 * override and its approver are shown in staff.spec.ts.)
 */
import { cashDrawerPulse } from '@pos/till-core/receipt';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when the cashier presses No sale, then the printer gets the drawer pulse and the till says the drawer opened', async ({
  page,
  stack,
}) => {
  await TillPage.open(page, stack.urls.till);
  const jobsBefore = stack.printer.jobs.length;
  await page.getByTestId('no-sale').click();
  await expect(page.getByTestId('no-sale-message')).toHaveText('Drawer opened.');
  expect([...(await stack.printer.job(jobsBefore))]).toEqual([...cashDrawerPulse()]);
});
