/**
 * Issue 14: a cash sale refunded while the till cannot reach POS Core. The cashier finds the sale by typing
 * its order number; offline, only cash is possible (and card is said to need the network); the refund is
 * recorded on the till, waits, and once the network is back it reaches POS Core exactly once, with the
 * goods back in stock.
 */
import { RefundPanel } from '../pages/refund-panel.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a cash sale is refunded offline, then the refund waits on the till and syncs exactly once when the network is back', async ({
  page,
  context,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  const product = await api.product('p-croissant');
  const orderId = await till.sellExactCash([product.barcode]);
  await expect.poll(() => till.lastOrderStatus(), { timeout: 30_000 }).toBe('confirmed');
  const stockBefore = (await api.product(product.id)).onHand;

  await context.setOffline(true);
  await till.waitForOnlineState('offline');
  const refund = new RefundPanel(till);
  await refund.openByOrderNumber(orderId);
  await refund.setLine(1, 1, true);
  await refund.setReason('stale');
  await refund.chooseTender('cash');
  expect(await refund.problem()).toBeNull();
  await refund.submit();
  expect(['queued', 'sending']).toContain(await refund.status());
  expect((await api.refunds(orderId))?.refunds).toEqual([]);

  await context.setOffline(false);
  await refund.waitForStatus('confirmed', 90_000);
  const after = await api.refunds(orderId);
  expect(after?.refunds).toHaveLength(1);
  expect(after?.refunds[0]).toMatchObject({ captureMode: 'offline', tender: 'cash', amount: product.price, discrepancy: null });
  expect(after?.refundable).toEqual([{ lineNo: 1, quantity: 0, amount: 0 }]);
  await expect.poll(async () => (await api.product(product.id)).onHand, { timeout: 30_000 }).toBe(stockBefore + 1);
});
