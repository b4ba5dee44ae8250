/**
 * Discounts, tax included or added and cash rounding on the server (issue #18): POS Core prices every
 * submitted order again with the same shared code; a sale priced with the store's rules is recorded with
 * the till's figures and no mismatch, one priced otherwise (stale or tampered rules, a discount over the
 * cap) is recorded all the same, with ONE `order.pricing_mismatch` event, and one whose own arithmetic
 * does not add up is refused with 400 and changes nothing.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import type { OrderSubmission } from '@pos/shared/order';
import type { Discount } from '@pos/shared/pricing/discount';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import type { PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../common/outbox.ts';
import { CROISSANT, ESPRESSO, orderFactory } from '../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
const STORE_RULES: PricingSettings = { pricesIncludeTax: false, cashRoundingIncrement: 5 };

beforeAll(async () => {
  stack = await startTestStack();
  const put = await stack.call('posCore', 'PUT', '/v1/store/settings', {
    as: 'manager',
    body: { tillSilentAfterSeconds: 300, ...STORE_RULES, discountCapPercent: 25 },
  });
  expect(put.status).toBe(200);
});
afterAll(() => stack?.stop());

/** A cash sale priced the way the till prices it: the shared orderTotals with the given rules, cash rounded. */
function pricedCashSale(discounts: Discount[], rules: PricingSettings): OrderSubmission {
  const draft = orders.cash([
    { product: ESPRESSO, quantity: 3 },
    { product: CROISSANT, quantity: 2 },
  ]);
  const totals = orderTotals({ lines: draft.lines, tenders: [{ type: 'cash', amount: 0, received: 0 }], discounts, pricing: rules });
  return {
    ...draft,
    discounts,
    pricing: rules,
    total: totals.total,
    cashRounding: totals.cashRounding,
    tenders: [{ type: 'cash', amount: totals.due, received: totals.due + 1000 }],
  };
}

const getOrder = async (id: string) => (await stack.call('posCore', 'GET', `/v1/orders/${id}`, { as: 'manager' })).body.order;
const confirmedEventsOf = (orderId: string) =>
  waitUntil(async () => {
    const mine = (await readEvents(stack.pools.posCore, DEMO_TENANT_ID, 0, 10_000)).filter((e) => e.correlationId === orderId);
    return mine.some((e) => e.type === 'order.confirmed') && mine;
  }, `order ${orderId} to confirm`);
const submitBatch = async (sale: OrderSubmission) =>
  (await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [sale] } })).body.results;

describe('the server prices a discounted sale with the shared code', () => {
  const discounts: Discount[] = [
    { line: 0, type: 'percent', value: 1000, reason: 'staff' },
    { type: 'amount', value: 123, reason: 'loyalty' },
  ];

  it('when the till priced it with the store’s rules, then the server’s total, tax and line discounts equal the till’s and no mismatch is recorded', async () => {
    const sale = pricedCashSale(discounts, STORE_RULES);
    const tillTotals = orderTotals(sale);
    expect(tillTotals.discount).toBe(75 + 123);
    expect(sale.cashRounding).not.toBe(undefined);
    expect(await submitBatch(sale)).toEqual([{ id: sale.id, status: 'confirmed', replayed: false }]);

    const order = await getOrder(sale.id);
    expect(order).toMatchObject({
      total: tillTotals.total,
      tax: tillTotals.tax,
      cashRounding: tillTotals.cashRounding,
      discounts,
      pricing: STORE_RULES,
    });
    expect(order.lines.map((l: { discount: number; tax: number }) => [l.discount, l.tax])).toEqual(
      tillTotals.lines.map((l) => [l.lineDiscount + l.orderDiscount, l.tax]),
    );
    expect(order.tenders[0].amount).toBe(tillTotals.total + tillTotals.cashRounding);
    expect((await confirmedEventsOf(sale.id)).map((e) => e.type)).not.toContain('order.pricing_mismatch');
  });

  it('when the till priced it with other rules (tax included, no rounding), then the sale is recorded as the till priced it and one mismatch carries both sides’ figures', async () => {
    const tillRules: PricingSettings = { pricesIncludeTax: true, cashRoundingIncrement: 1 };
    const sale = pricedCashSale(discounts, tillRules);
    expect(await submitBatch(sale)).toEqual([{ id: sale.id, status: 'confirmed', replayed: false }]);
    expect((await getOrder(sale.id)).total).toBe(sale.total);

    const storeTotals = orderTotals(sale, STORE_RULES);
    const mismatches = (await confirmedEventsOf(sale.id)).filter((e) => e.type === 'order.pricing_mismatch');
    expect(mismatches.map((e) => e.data)).toEqual([
      {
        till: { rules: tillRules, total: sale.total, tax: orderTotals(sale).tax, discount: 198, cashRounding: 0 },
        store: {
          rules: STORE_RULES,
          total: storeTotals.total,
          tax: storeTotals.tax,
          discount: 198,
          cashRounding: storeTotals.cashRounding,
        },
        overCap: [],
      },
    ]);
    expect(storeTotals.total).toBeGreaterThan(sale.total);
  });

  it('when a discount is over the store’s cap, then the sale is recorded and the mismatch names the discount', async () => {
    const sale = pricedCashSale([{ line: 1, type: 'percent', value: 5000, reason: 'manager friend' }], STORE_RULES);
    expect(await submitBatch(sale)).toEqual([{ id: sale.id, status: 'confirmed', replayed: false }]);
    const [mismatch] = (await confirmedEventsOf(sale.id)).filter((e) => e.type === 'order.pricing_mismatch');
    expect(mismatch?.data.overCap).toEqual([{ line: 1, givenBps: 5000, capPercent: 25 }]);
    expect(mismatch?.data.store).toEqual(mismatch?.data.till);
  });

  it('when a submitted total was tampered with, then it is refused with 400 naming the total and nothing is recorded', async () => {
    const sale = pricedCashSale(discounts, STORE_RULES);
    const tampered = {
      ...sale,
      total: sale.total - 100,
      tenders: [{ type: 'cash' as const, amount: sale.total - 100 + (sale.cashRounding ?? 0), received: sale.total }],
    };
    const res = await stack.call('posCore', 'POST', '/v1/orders', { body: tampered, key: tampered.id });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'total' })]));
    expect((await stack.call('posCore', 'GET', `/v1/orders/${sale.id}`, { as: 'manager' })).status).toBe(404);
  });
});
