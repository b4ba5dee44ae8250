/**
 * Issue 14: part of a card sale refunded online at the till. The cashier opens the sale from the Orders
 * screen, refunds one of two units to the original card; the till shows it refunded only once POS Core
 * says so, Payment's refunded amount is that unit's price, and the order's remainder shows one unit left.
 */
import { RefundPanel } from '../pages/refund-panel.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when one of two units of a card sale is refunded to the card, then Payment refunds exactly that unit and one remains refundable', async ({
  page,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  const product = await api.product('p-espresso');
  await till.scanQuick(product.barcode);
  await till.scanQuick(product.barcode);
  await till.payCard('tok_visa');
  await expect.poll(() => till.lastOrderStatus(), { timeout: 30_000 }).toBe('confirmed');
  const orderId = (await till.lastOrderId())!;

  const refund = new RefundPanel(till);
  await refund.openFromRow(orderId);
  expect(await refund.remaining(1)).toBe(2);
  await refund.setLine(1, 1, true);
  await refund.setReason('one cup too many');
  await refund.chooseTender('card');
  await refund.submit();
  await refund.waitForStatus('confirmed');

  const [payment] = await api.payments(orderId);
  expect(payment).toMatchObject({ capturedAmount: 2 * product.price, refundedAmount: product.price });
  const after = await api.refunds(orderId);
  expect(after?.refundable).toEqual([{ lineNo: 1, quantity: 1, amount: product.price }]);
  expect(after?.refunds).toHaveLength(1);
  expect(after?.refunds[0]).toMatchObject({ status: 'completed', tender: 'card', amount: product.price, captureMode: 'online' });
});
