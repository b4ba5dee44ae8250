/**
 * One sale paid by several cards (issue #18) through the checkout saga against the real Inventory and
 * Payment: every card part is authorized, then every part captured; a later part declined declines the
 * order, voids the parts before it and releases the stock; a crash between the parts' calls replays the
 * parts already answered under their fixed keys (nothing charged twice); a refund gives card money back
 * last part first, never more than a part holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForFinalOrder } from '../../../testing/final-order.ts';
import { checkInvariants, describeViolations } from '../../../testing/invariants.ts';
import { CROISSANT, ESPRESSO, orderFactory } from '../../../testing/test-orders.ts';
import { refundFactory } from '../../../testing/test-refunds.ts';
import { startTestStack, type TestStack } from '../../../testing/test-stack.ts';
import { waitUntil } from '../../../testing/wait-until.ts';
import type { SagaFaults } from './saga-state.ts';

let stack: TestStack;
const orders = orderFactory();
const refunds = refundFactory();
const faults: SagaFaults = {};
beforeAll(async () => {
  stack = await startTestStack({
    posCore: {
      faults: {
        beforeStep: (step, id) => faults.beforeStep?.(step, id),
        afterStep: (step, id) => faults.afterStep?.(step, id),
      },
    },
  });
});
afterAll(() => stack?.stop());

interface Listed {
  part: number;
  status: string;
  amount: number;
  capturedAmount: number;
  refundedAmount: number;
}
const submit = (body: { id: string }) => stack.call('posCore', 'POST', '/v1/orders', { body, key: body.id });
const paymentsOf = async (id: string): Promise<Listed[]> =>
  (await stack.call('payment', 'GET', `/v1/payments?orderId=${id}`, { as: 'manager' })).body.payments;
const summary = (payments: Listed[]) => payments.map((p) => [p.part, p.status, p.amount, p.capturedAmount, p.refundedAmount]);
const reservationOf = async (id: string) =>
  (await stack.call('inventory', 'GET', `/v1/reservations/${id}`, { as: 'manager' })).body.reservation;
const onHand = async (productId: string) =>
  Number((await stack.call('inventory', 'GET', `/v1/products/${productId}`, { as: 'manager' })).body.product.onHand);
/** Payment's audit: the idempotency keys of one kind of operation on the order's payments, in order. */
const operationKeys = async (orderId: string, kind: string) =>
  (
    await stack.pools.payment.query<{ idempotency_key: string }>(
      `SELECT op.idempotency_key FROM payment_operations op JOIN payments p ON p.tenant_id = op.tenant_id AND p.id = op.payment_id
        WHERE p.order_id = $1 AND op.kind = $2 ORDER BY op.id`,
      [orderId, kind],
    )
  ).rows.map((r) => r.idempotency_key);

describe('an order paid by several card parts', () => {
  it('when both cards are approved, then the order confirms with each part authorized and captured once under its own key', async () => {
    const order = orders.cards(['tok_visa', 'tok_visa'], [{ product: ESPRESSO, quantity: 3 }]);
    const [first, second] = order.tenders.map((t) => t.amount) as [number, number];
    await submit(order);
    expect(await waitForFinalOrder(stack, order.id)).toMatchObject({ status: 'confirmed' });
    expect(summary(await paymentsOf(order.id))).toEqual([
      [1, 'captured', first, first, 0],
      [2, 'captured', second, second, 0],
    ]);
    expect(await operationKeys(order.id, 'authorize')).toEqual([`${order.id}:authorize`, `${order.id}:authorize:2`]);
    expect(await operationKeys(order.id, 'capture')).toEqual([`${order.id}:capture`, `${order.id}:capture:2`]);
  });

  it('when the second card declines, then the order is declined naming part 2, part 1 is voided and the stock released', async () => {
    const before = await onHand(CROISSANT.productId);
    const order = orders.cards(['tok_visa', 'tok_insufficient_funds'], [{ product: CROISSANT, quantity: 2 }]);
    await submit(order);
    expect(await waitForFinalOrder(stack, order.id)).toMatchObject({
      status: 'declined',
      reason: 'card_part_2_declined: insufficient_funds',
    });
    const [first, second] = order.tenders.map((t) => t.amount) as [number, number];
    expect(summary(await paymentsOf(order.id))).toEqual([
      [1, 'voided', first, 0, 0],
      [2, 'declined', second, 0, 0],
    ]);
    expect((await reservationOf(order.id)).status).toBe('released');
    expect(await onHand(CROISSANT.productId)).toBe(before);
  });

  it('when the second of three cards declines, then part 1 is voided and part 3, never asked, gets a tombstone', async () => {
    const order = orders.cards(['tok_visa', 'tok_declined', 'tok_visa'], [{ product: ESPRESSO, quantity: 3 }]);
    await submit(order);
    expect(await waitForFinalOrder(stack, order.id)).toMatchObject({ status: 'declined', reason: 'card_part_2_declined: card_declined' });
    expect((await paymentsOf(order.id)).map((p) => [p.part, p.status, p.amount])).toEqual([
      [1, 'voided', order.tenders[0]!.amount],
      [2, 'declined', order.tenders[1]!.amount],
      [3, 'voided', 0],
    ]);
  });

  it('when the saga crashes after part 2 was authorized and before it recorded that, then the re-run replays both parts and charges each once', async () => {
    const order = orders.cards(['tok_visa', 'tok_visa'], [{ product: ESPRESSO, quantity: 2 }]);
    let authorizeCalls = 0;
    let crashed = false;
    faults.afterStep = (step, id) => {
      if (step !== 'authorize' || id !== order.id) return;
      authorizeCalls += 1;
      if (authorizeCalls === 2 && !crashed) {
        crashed = true;
        throw new Error('injected crash after the authorization of part 2');
      }
    };
    try {
      await submit(order);
      expect(await waitForFinalOrder(stack, order.id)).toMatchObject({ status: 'confirmed' });
    } finally {
      delete faults.afterStep;
    }
    expect(crashed).toBe(true);
    // The re-run asked Payment again for both parts (replays), and Payment holds one authorization per part.
    expect(authorizeCalls).toBeGreaterThanOrEqual(4);
    expect(await operationKeys(order.id, 'authorize')).toEqual([`${order.id}:authorize`, `${order.id}:authorize:2`]);
    expect(await operationKeys(order.id, 'capture')).toHaveLength(2);
    expect((await paymentsOf(order.id)).map((p) => [p.status, p.capturedAmount])).toEqual(order.tenders.map((t) => ['captured', t.amount]));
  });

  it('when a two-card sale is refunded in two goes, then the last part gives back first and no part more than it captured', async () => {
    const order = orders.cards(['tok_visa', 'tok_visa'], [{ product: ESPRESSO, quantity: 4 }]);
    await submit(order);
    expect(await waitForFinalOrder(stack, order.id)).toMatchObject({ status: 'confirmed' });
    const [first, second] = order.tenders.map((t) => t.amount) as [number, number];
    expect([first, second]).toEqual([2 * ESPRESSO.unitPrice, 2 * ESPRESSO.unitPrice]);

    // 3 espressos: all of part 2 and one espresso from part 1.
    const three = refunds.of(order, { lines: [{ lineNo: 1, quantity: 3 }] });
    expect((await stack.call('posCore', 'POST', '/v1/refunds', { body: three, key: three.id })).status).toBe(201);
    await waitUntil(async () => (await paymentsOf(order.id)).every((p) => p.status === 'refunded'), 'the card refund of both parts');
    expect(summary(await paymentsOf(order.id))).toEqual([
      [1, 'refunded', first, first, ESPRESSO.unitPrice],
      [2, 'refunded', second, second, second],
    ]);
    expect(await operationKeys(order.id, 'refund')).toEqual([`${three.id}:refund:2`, `${three.id}:refund`]);

    // The last espresso: what is left of part 1.
    const last = refunds.of(order, { lines: [{ lineNo: 1, quantity: 1 }], earlier: [[{ lineNo: 1, quantity: 3 }]] });
    const res = await stack.call('posCore', 'POST', '/v1/refunds', { body: last, key: last.id });
    expect(res.status).toBe(201);
    await waitUntil(
      async () => (await stack.call('posCore', 'GET', `/v1/refunds/${last.id}`, { as: 'manager' })).body.refund?.status === 'completed',
      'the second refund to complete',
    );
    expect(summary(await paymentsOf(order.id))).toEqual([
      [1, 'refunded', first, first, first],
      [2, 'refunded', second, second, second],
    ]);
  });

  // Like every order rule (the total, the tenders' sum), a broken one is a 400 with the field errors (DESIGN §4).
  it('when a sale has more card parts than allowed, then 400 naming the cap and nothing is recorded', async () => {
    const order = orders.cards(['tok_visa', 'tok_visa', 'tok_visa', 'tok_visa', 'tok_visa'], [{ product: ESPRESSO, quantity: 5 }]);
    const res = await submit(order);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(res.body.errors)).toContain('at most 4 card parts');
    expect((await stack.call('posCore', 'GET', `/v1/orders/${order.id}`, { as: 'manager' })).status).toBe(404);
    expect(await paymentsOf(order.id)).toEqual([]);
  });

  it('after all of the above, the G1–G3 checker passes', async () => {
    const violations = await checkInvariants(stack.pools, { requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
