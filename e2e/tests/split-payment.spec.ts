/**
 * Issue 18, split payment (items 2, 7): one sale paid by card parts (one or several cards) and the rest in
 * cash is ONE order whose card parts each go through POS Core's saga — a payment per part at Payment.
 * Approved: the order is confirmed with all its tenders and exactly each card part captured. A card part
 * declined: the whole order is declined with nothing charged and no stock taken (never a confirmed order
 * that is partly unpaid) — when a later part declines, the till names it and the earlier parts are voided —
 * the cart stays, and the cashier takes the money another way: a new order.
 */
import type { Page } from '@playwright/test';
import { escPosText } from '@pos/till-core/testing/escpos-text';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { type ManagerApi, managerApi } from '../support/manager-api.ts';
import type { Stack } from '../support/stack.ts';

/** Units sold by the confirmed sales of this file, by product. */
const taken = new Map<string, number>();

/**
 * A till whose cart holds one unit of each product named (a name twice: two units); the cart's total, and
 * `sold()` to call once the cart's sale confirmed (its units are put back after the file).
 */
async function tillWithCart(page: Page, stack: Stack, api: ManagerApi, productIds: string[]) {
  const till = await TillPage.open(page, stack.urls.till);
  let total = 0;
  for (const id of productIds) {
    total += (await api.product(id)).price;
    await till.addProduct(id);
  }
  const sold = () => {
    for (const id of productIds) taken.set(id, (taken.get(id) ?? 0) + 1);
  };
  return { till, total, sold };
}

/** What an order's payments are, part by part. */
const partsOf = (payments: { part: number; status: string; amount: number; capturedAmount: number }[]) =>
  payments.map((p) => [p.part, p.status, p.amount, p.capturedAmount]);

test('a sale split into a card part and cash is one confirmed order with the card part captured', async ({ page, stack, api }) => {
  const { till, total, sold } = await tillWithCart(page, stack, api, ['p-espresso', 'p-espresso', 'p-croissant']);

  await till.paySplit(500, 'tok_visa', total - 500 + 100);
  await till.waitForLastOrderStatus('confirmed');
  sold();
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
  expect(partsOf(await api.payments(orderId))).toEqual([[1, 'captured', 500, 500]]);
});

test('a sale paid by two card parts and cash is one confirmed order with each card part captured', async ({ page, stack, api }) => {
  const { till, total, sold } = await tillWithCart(page, stack, api, ['p-espresso', 'p-espresso', 'p-croissant']);
  const cash = total - 300 - 200;

  await till.paySplitCards(
    [
      { amount: 300, token: 'tok_visa' },
      { amount: 200, token: 'tok_visa' },
    ],
    cash + 50,
  );
  await till.waitForLastOrderStatus('confirmed');
  sold();
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

  // The receipt (printed to the stack's virtual ESC/POS printer) lists each card part.
  const jobsBefore = stack.printer.jobs.length;
  await till.printReceipt().click();
  const printed = escPosText(await stack.printer.job(jobsBefore)).lines.map((l) => l.trim());
  expect(printed).toContain('Card 1 ?3.00');
  expect(printed).toContain('Card 2 ?2.00');
});

/**
 * The declined flow, one test per case, on a cart of two croissants: `payDeclined` pays it so that a card
 * part is declined — the order is declined, nothing is captured or left authorized, no stock is taken and
 * the cart stays (`checkDeclined` looks closer at the declined order) — then `payAgain` pays the same cart
 * another way: a new order that confirms and takes the stock (`checkPaid` looks at its payments).
 */
interface DeclinedCase {
  title: string;
  payDeclined(till: TillPage, total: number): Promise<void>;
  checkDeclined(till: TillPage, api: ManagerApi, orderId: string): Promise<void>;
  payAgain(till: TillPage, total: number): Promise<void>;
  checkPaid(api: ManagerApi, orderId: string): Promise<void>;
}

const DECLINED_CASES: DeclinedCase[] = [
  {
    title: 'when the card part is declined, then nothing is charged and no stock taken, and the cashier takes the rest another way',
    payDeclined: (till, total) => till.paySplit(200, 'tok_declined', total),
    checkDeclined: async (till) => {
      await expect(till.lastOrderProblem()).toContainText('declined');
    },
    // The rest by another card this time.
    payAgain: (till, total) => till.paySplit(200, 'tok_visa', total - 200),
    checkPaid: async (api, orderId) => {
      expect(partsOf(await api.payments(orderId))).toEqual([[1, 'captured', 200, 200]]);
    },
  },
  {
    title: 'when the second card part is declined, then the till names it, part 1 is voided, and the cashier is paid another way',
    payDeclined: (till, total) =>
      till.paySplitCards(
        [
          { amount: 150, token: 'tok_visa' },
          { amount: 100, token: 'tok_insufficient_funds' },
        ],
        total,
      ),
    checkDeclined: async (till, api, orderId) => {
      await expect(till.lastOrderProblem()).toContainText('Card part 2 was declined: not enough funds.');
      await expect(till.lastOrderProblem()).toContainText('Card part 1 was voided: nothing was charged.');
      expect(await api.order(orderId)).toMatchObject({ reason: 'card_part_2_declined: insufficient_funds' });
      // Payment: part 1 was authorized, then voided by the saga's compensation; part 2 declined.
      expect(partsOf(await api.payments(orderId))).toEqual([
        [1, 'voided', 150, 0],
        [2, 'declined', 100, 0],
      ]);
    },
    // All of it in cash this time.
    payAgain: (till, total) => till.payCash(total),
    checkPaid: async (api, orderId) => {
      expect(await api.payments(orderId)).toEqual([]);
    },
  },
];

for (const c of DECLINED_CASES) {
  test(c.title, async ({ page, stack, api }) => {
    const before = await api.product('p-croissant');
    const { till, total, sold } = await tillWithCart(page, stack, api, ['p-croissant', 'p-croissant']);

    await c.payDeclined(till, total);
    await till.waitForLastOrderStatus('declined');
    const declinedId = (await till.lastOrderId()) ?? '';
    expect((await api.order(declinedId))?.status).toBe('declined');
    const refused = await api.payments(declinedId);
    expect(refused.every((p) => p.capturedAmount === 0 && p.status !== 'authorized')).toBe(true);
    expect((await api.product('p-croissant')).onHand).toBe(before.onHand);
    await c.checkDeclined(till, api, declinedId);

    // The cart stayed: the cashier pays it another way — a new order.
    expect(await till.cartLines().count()).toBe(1);
    await c.payAgain(till, total);
    await till.waitForLastOrderStatus('confirmed');
    sold();
    const paidId = (await till.lastOrderId()) ?? '';
    expect(paidId).not.toBe(declinedId);
    await expect.poll(async () => (await api.product('p-croissant')).onHand, { timeout: 30_000 }).toBe(before.onHand - 2);
    await c.checkPaid(api, paidId);
  });
}

// The stack is shared by every spec: put back the demo stock the confirmed sales took.
test.afterAll(async ({ stack }) => {
  const api = managerApi(stack);
  for (const [productId, quantity] of taken) await api.receiveStock(productId, quantity);
});
