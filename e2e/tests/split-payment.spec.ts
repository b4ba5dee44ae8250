/**
 * Issue 18, split payment (items 2, 7): one sale paid part by card and the rest in cash is ONE order
 * whose card part goes through POS Core's saga. Approved: the order is confirmed with both tenders and
 * exactly the card part captured. Declined: the whole order is declined with nothing charged and no
 * stock taken (never a confirmed order that is partly unpaid), the cart stays, and the cashier takes
 * the rest another way — a new order.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a sale split into a card part and cash is one confirmed order with the card part captured', async ({ page, stack, api }) => {
  const till = await TillPage.open(page, stack.urls.till);
  const espresso = await api.product('p-espresso');
  const croissant = await api.product('p-croissant');
  await till.addProduct('p-espresso');
  await till.addProduct('p-espresso');
  await till.addProduct('p-croissant');
  const total = 2 * espresso.price + croissant.price;

  await till.paySplit(500, 'tok_visa', total - 500 + 100);
  await till.waitForLastOrderStatus('confirmed');
  const orderId = (await till.lastOrderId()) ?? '';
  const order = await api.order(orderId);
  expect(order).toMatchObject({
    status: 'confirmed',
    total,
    tenders: [
      { type: 'card', amount: 500, cardToken: 'tok_visa' },
      { type: 'cash', amount: total - 500, received: total - 500 + 100 },
    ],
  });
  const payments = await api.payments(orderId);
  expect(payments.map((p) => [p.status, p.amount, p.capturedAmount])).toEqual([['captured', 500, 500]]);
});

test('when the card part is declined, then nothing is charged and no stock taken, and the cashier takes the rest another way', async ({
  page,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  const before = await api.product('p-croissant');
  await till.addProduct('p-croissant');
  await till.addProduct('p-croissant');
  const total = 2 * before.price;

  await till.paySplit(200, 'tok_declined', total);
  await till.waitForLastOrderStatus('declined');
  const declinedId = (await till.lastOrderId()) ?? '';
  await expect(till.lastOrderProblem()).toContainText('declined');
  expect((await api.order(declinedId))?.status).toBe('declined');
  const refused = await api.payments(declinedId);
  expect(refused.every((p) => p.capturedAmount === 0 && p.status !== 'authorized')).toBe(true);
  expect((await api.product('p-croissant')).onHand).toBe(before.onHand);

  // The cart stayed: the rest by another card this time.
  expect(await till.cartLines().count()).toBe(1);
  await till.paySplit(200, 'tok_visa', total - 200);
  await till.waitForLastOrderStatus('confirmed');
  const paidId = (await till.lastOrderId()) ?? '';
  expect(paidId).not.toBe(declinedId);
  expect((await api.payments(paidId)).map((p) => [p.status, p.capturedAmount])).toEqual([['captured', 200]]);
  await expect.poll(async () => (await api.product('p-croissant')).onHand, { timeout: 30_000 }).toBe(before.onHand - 2);
});
