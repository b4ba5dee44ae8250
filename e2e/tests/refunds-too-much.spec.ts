/**
 * Issue 14: a refund of more than remains is refused. The till itself will not offer more than its view of
 * the remainder; and when its view is stale — another window of the till refunded the same unit meanwhile —
 * POS Core refuses the second refund: it is RECORDED as refused (its seq on record, so the till's sequence has
 * no hole), nothing else changed, the till shows it refused with POS Core's words, and the manager's console
 * lists it as refused under the order's refunds.
 */
import { ConsolePage } from '../pages/console-page.ts';
import { RefundPanel } from '../pages/refund-panel.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a unit is refunded twice from two windows, then the second refund is recorded refused and only one refund counts', async ({
  context,
  stack,
  api,
}) => {
  const first = await TillPage.open(await context.newPage(), stack.urls.till);
  const product = await api.product('p-baguette');
  const orderId = await first.sellExactCash([product.barcode]);
  await expect.poll(() => first.lastOrderStatus(), { timeout: 30_000 }).toBe('confirmed');

  const second = await TillPage.open(await context.newPage(), stack.urls.till);
  const [a, b] = [new RefundPanel(first), new RefundPanel(second)];
  await a.openFromRow(orderId);
  await b.openFromRow(orderId);
  // The till's own check: never more than it knows remains.
  await a.setLine(1, 2);
  await a.setReason('broken');
  expect(await a.problem()).toContain('more than remains');
  await expect(a.submitButton()).toBeDisabled();
  await a.setLine(1, 1);

  await b.setLine(1, 1);
  await b.setReason('broken');
  await b.submit();
  await b.waitForStatus('confirmed');

  // The first window still believes one unit remains: POS Core has the last word.
  await a.submit();
  await a.waitForStatus('rejected');
  await expect(a.till.byTestId('refund-status')).toHaveText('Refused by the store server.');
  await expect(a.refusal()).toContainText('more than remains refundable');
  const after = await api.refunds(orderId);
  expect(after?.refunds.map((r) => r.status)).toEqual(['completed', 'refused']);
  expect(after?.refundable).toEqual([{ lineNo: 1, quantity: 0, amount: 0 }]);

  const page = await context.newPage();
  await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
  await page.getByTestId('nav-orders').click();
  await page.getByTestId('order-search').fill(orderId);
  await page.getByRole('button', { name: 'Find' }).click();
  const refunds = page.getByTestId('order-timeline').getByTestId('timeline-refund');
  await expect(refunds).toHaveCount(2);
  await expect(refunds.nth(1)).toHaveAttribute('data-status', 'refused');
  await expect(refunds.nth(1)).toContainText('more than remains refundable');
});
