/**
 * Issue 18, split payment with several cards (items 2, 7): one sale paid by two card parts (and cash)
 * is ONE order whose card parts each go through POS Core's saga — a payment per part at Payment. When
 * the second card part is declined, the whole order is declined: the till says which part declined and
 * that part 1 was voided, Payment shows part 1 voided (nothing charged), no stock is taken, the cart
 * stays, and the cashier takes the money another way — a new order that confirms.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

const partsOf = (payments: { part: number; status: string; amount: number; capturedAmount: number }[]) =>
  payments.map((p) => [p.part, p.status, p.amount, p.capturedAmount]);

test('a sale paid by two card parts and cash is one confirmed order with each card part captured', async ({ page, stack, api }) => {
  const till = await TillPage.open(page, stack.urls.till);
  const espresso = await api.product('p-espresso');
  const croissant = await api.product('p-croissant');
  await till.addProduct('p-espresso');
  await till.addProduct('p-espresso');
  await till.addProduct('p-croissant');
  const total = 2 * espresso.price + croissant.price;
  const cash = total - 300 - 200;

  await till.paySplitCards(
    [
      { amount: 300, token: 'tok_visa' },
      { amount: 200, token: 'tok_visa' },
    ],
    cash + 50,
  );
  await till.waitForLastOrderStatus('confirmed');
  const orderId = (await till.lastOrderId()) ?? '';
  expect(await api.order(orderId)).toMatchObject({
    status: 'confirmed',
    total,
    tenders: [
      { type: 'card', amount: 300, cardToken: 'tok_visa' },
      { type: 'card', amount: 200, cardToken: 'tok_visa' },
      { type: 'cash', amount: cash, received: cash + 50 },
    ],
  });
  expect(partsOf(await api.payments(orderId))).toEqual([
    [1, 'captured', 300, 300],
    [2, 'captured', 200, 200],
  ]);

  // The stack is shared by every spec: put back what this sale took.
  await api.receiveStock('p-espresso', 2);
  await api.receiveStock('p-croissant', 1);
});

test('when the second card part is declined, then the till names it, part 1 is voided, and the cashier is paid another way', async ({
  page,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  const before = await api.product('p-croissant');
  await till.addProduct('p-croissant');
  await till.addProduct('p-croissant');
  const total = 2 * before.price;

  await till.paySplitCards(
    [
      { amount: 150, token: 'tok_visa' },
      { amount: 100, token: 'tok_insufficient_funds' },
    ],
    total,
  );
  await till.waitForLastOrderStatus('declined');
  const declinedId = (await till.lastOrderId()) ?? '';
  await expect(till.lastOrderProblem()).toContainText('Card part 2 was declined: not enough funds.');
  await expect(till.lastOrderProblem()).toContainText('Card part 1 was voided: nothing was charged.');
  expect(await api.order(declinedId)).toMatchObject({ status: 'declined', reason: 'card_part_2_declined: insufficient_funds' });
  // Payment: part 1 was authorized, then voided by the saga's compensation; part 2 declined; nothing captured.
  expect(partsOf(await api.payments(declinedId))).toEqual([
    [1, 'voided', 150, 0],
    [2, 'declined', 100, 0],
  ]);
  expect((await api.product('p-croissant')).onHand).toBe(before.onHand);

  // The cart stayed: the cashier takes it all in cash this time — a new order.
  expect(await till.cartLines().count()).toBe(1);
  await till.payCash(total);
  await till.waitForLastOrderStatus('confirmed');
  const paidId = (await till.lastOrderId()) ?? '';
  expect(paidId).not.toBe(declinedId);
  expect(await api.payments(paidId)).toEqual([]);
  await expect.poll(async () => (await api.product('p-croissant')).onHand, { timeout: 30_000 }).toBe(before.onHand - 2);

  await api.receiveStock('p-croissant', 2);
});
