/**
 * Refunds end to end on the real stack (issue #14): POST /v1/refunds against confirmed sales, the card
 * refund through Payment, restock through Inventory exactly once, the recorded refusal of too much, the offline
 * fact that exceeds (recorded, flagged), and 20 tills refunding one line at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForFinalOrder } from '../../testing/final-order.ts';
import { ESPRESSO, MUG, orderFactory } from '../../testing/test-orders.ts';
import { refundFactory } from '../../testing/test-refunds.ts';
import { OTHER_TERMINAL_ID, startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

const TILLS = Array.from({ length: 5 }, (_, i) => `refund-till-${i + 1}`);
let stack: TestStack;
const orders = orderFactory();
const refunds = refundFactory();
beforeAll(async () => {
  stack = await startTestStack({ terminals: TILLS });
});
afterAll(() => stack?.stop());

const sell = async (order: ReturnType<typeof orders.cash>) => {
  const res = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
  expect([201, 202]).toContain(res.status);
  expect(await waitForFinalOrder(stack, order.id)).toMatchObject({ status: 'confirmed' });
};
const refund = (body: { id: string }, token?: string) =>
  stack.call('posCore', 'POST', '/v1/refunds', {
    body,
    key: body.id,
    ...(token ? { as: null, headers: { Authorization: `Bearer ${token}` } } : {}),
  });
const returns = async (refundId: string) =>
  (await stack.pools.inventory.query(`SELECT line_no, quantity FROM stock_movements WHERE refund_id = $1 AND kind = 'return'`, [refundId]))
    .rows;
const onHand = async (productId: string) =>
  Number((await stack.call('inventory', 'GET', `/v1/products/${productId}`, { as: 'manager' })).body.onHand);

describe('POST /v1/refunds', () => {
  it('when part of a cash sale is refunded online with restock, then it completes, stock comes back once and the order shows the remainder', async () => {
    const order = orders.cash([{ quantity: 3 }, { product: MUG, quantity: 1 }]);
    await sell(order);
    const before = await onHand(ESPRESSO.productId);
    const body = refunds.of(order, {
      lines: [
        { lineNo: 1, quantity: 2, restock: true },
        { lineNo: 2, quantity: 1, restock: false },
      ],
    });
    const res = await refund(body);
    expect(res.status).toBe(201);
    expect(res.body.refund).toMatchObject({ status: 'completed', amount: 2 * ESPRESSO.unitPrice + MUG.unitPrice, discrepancy: null });
    await waitUntil(async () => (await returns(body.id)).length === 1, 'the restock to reach Inventory');
    expect(await returns(body.id)).toEqual([{ line_no: 1, quantity: 2 }]);
    expect(await onHand(ESPRESSO.productId)).toBe(before + 2);
    const again = await refund(body);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    const view = (await stack.call('posCore', 'GET', `/v1/orders/${order.id}/refunds`, { as: 'manager' })).body;
    expect(view.refundable).toEqual([
      { lineNo: 1, quantity: 1, amount: ESPRESSO.unitPrice },
      { lineNo: 2, quantity: 0, amount: 0 },
    ]);
    expect(view.refunds.map((r: { id: string }) => r.id)).toEqual([body.id]);
    const events = await stack.pools.posCore.query(`SELECT 1 FROM outbox WHERE type = 'order.refunded' AND correlation_id = $1`, [
      order.id,
    ]);
    expect(events.rowCount).toBe(1);
    // Stock came back exactly once, however often the saga step is repeated.
    expect(await returns(body.id)).toHaveLength(1);
  });

  it('when part of a card sale is refunded, then the card gets that amount back through Payment', async () => {
    const order = orders.card('tok_visa', [{ quantity: 2 }]);
    await sell(order);
    const body = refunds.of(order, { lines: [{ lineNo: 1, quantity: 1 }] });
    const res = await refund(body);
    expect(res.status).toBe(201);
    expect(res.body.refund).toMatchObject({ status: 'completed', tender: 'card', amount: ESPRESSO.unitPrice });
    const payment = (await stack.call('payment', 'GET', `/v1/payments?orderId=${order.id}`, { as: 'manager' })).body.payments[0];
    expect(payment).toMatchObject({ capturedAmount: order.total, refundedAmount: ESPRESSO.unitPrice });
  });

  it('when an online refund asks more than remains, then it is recorded refused with its reason, moves nothing, and a replay answers the same', async () => {
    const order = orders.cash([{ quantity: 1 }]);
    await sell(order);
    const first = refunds.of(order);
    expect((await refund(first)).status).toBe(201);
    const before = await onHand(ESPRESSO.productId);
    const second = refunds.of(order, { earlier: [first.lines] });
    const res = await refund(second);
    expect(res.status).toBe(201);
    expect(res.body.refund).toMatchObject({ id: second.id, seq: second.seq, status: 'refused', discrepancy: null });
    expect(res.body.refund.statusReason).toContain('more than remains refundable');
    const again = await refund(second);
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body).toEqual(res.body);
    // Nothing moved: no stock back, no event, and what remains is what the first refund left.
    expect(await returns(second.id)).toEqual([]);
    expect(await onHand(ESPRESSO.productId)).toBe(before);
    const events = await stack.pools.posCore.query(`SELECT 1 FROM outbox WHERE type = 'order.refunded' AND correlation_id = $1`, [
      order.id,
    ]);
    expect(events.rowCount).toBe(1);
    const view = (await stack.call('posCore', 'GET', `/v1/orders/${order.id}/refunds`, { as: 'manager' })).body;
    expect(view.refundable).toEqual([{ lineNo: 1, quantity: 0, amount: 0 }]);
    expect(view.refunds.map((r: { status: string }) => r.status)).toEqual(['completed', 'refused']);
  });

  it('when an online refund asks more than the card paid, or names a declined sale, then it is recorded refused and counts for nothing', async () => {
    const declined = orders.card('tok_declined', [{ quantity: 1 }]);
    const res = await stack.call('posCore', 'POST', '/v1/orders', { body: declined, key: declined.id });
    expect([201, 202]).toContain(res.status);
    expect(await waitForFinalOrder(stack, declined.id)).toMatchObject({ status: 'declined' });
    const ofDeclined = refunds.of(declined, { tender: 'cash' });
    const answer = await refund(ofDeclined);
    expect(answer.status).toBe(201);
    expect(answer.body.refund).toMatchObject({ status: 'refused', statusReason: expect.stringContaining('only a confirmed sale') });

    const paidInCash = orders.cash([{ quantity: 2 }]);
    await sell(paidInCash);
    const toCard = refunds.of(paidInCash, { tender: 'card', lines: [{ lineNo: 1, quantity: 1 }] });
    const card = await refund(toCard);
    expect(card.status).toBe(201);
    expect(card.body.refund).toMatchObject({
      status: 'refused',
      statusReason: expect.stringContaining("exceeds what the order's card paid"),
    });
    const view = (await stack.call('posCore', 'GET', `/v1/orders/${paidInCash.id}/refunds`, { as: 'manager' })).body;
    expect(view.refundable).toEqual([{ lineNo: 1, quantity: 2, amount: paidInCash.total }]);
  });

  it('when an offline cash refund exceeds what remained, then it is recorded as the fact it is and flagged for the manager', async () => {
    const order = orders.cash([{ quantity: 1 }]);
    await sell(order);
    expect((await refund(refunds.of(order))).status).toBe(201);
    const late = refunds.of(order, { captureMode: 'offline', tender: 'cash' });
    const res = await refund(late);
    expect(res.status).toBe(201);
    expect(res.body.refund).toMatchObject({ status: 'completed', discrepancy: 'exceeds_sale', amount: late.amount });
    const attention = (await stack.call('posCore', 'GET', '/v1/store/refund-discrepancies', { as: 'manager' })).body;
    expect(attention.refunds.map((r: { id: string }) => r.id)).toContain(late.id);
    const listed = (await stack.call('posCore', 'GET', '/v1/store/attention', { as: 'manager' })).body.items;
    expect(listed.find((i: { orderId: string }) => i.orderId === order.id)?.kinds).toEqual(['refund_discrepancy']);
  });

  it('when a card refund is sent as offline, or its amount is not what the lines paid, then 400 and nothing is recorded', async () => {
    const order = orders.card('tok_visa', [{ quantity: 2 }]);
    await sell(order);
    const offlineCard = refunds.of(order, { captureMode: 'offline', tender: 'card' });
    expect((await refund(offlineCard)).status).toBe(400);
    const wrongAmount = refunds.of(order, { overrides: { amount: 1 } });
    const res = await refund(wrongAmount);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('refund.amount');
    expect((await stack.pools.posCore.query('SELECT 1 FROM refunds WHERE order_id = $1', [order.id])).rowCount).toBe(0);
  });

  it('when another store reads a refund or refunds an order of this store, then 404', async () => {
    const order = orders.cash();
    await sell(order);
    const body = refunds.of(order);
    expect((await refund(body)).status).toBe(201);
    expect((await stack.call('posCore', 'GET', `/v1/refunds/${body.id}`, { as: 'otherManager' })).status).toBe(404);
    const foreign = refundFactory(OTHER_TERMINAL_ID).of(order);
    expect((await stack.call('posCore', 'POST', '/v1/refunds', { body: foreign, key: foreign.id, as: 'otherTerminal' })).status).toBe(404);
    expect((await stack.call('posCore', 'GET', `/v1/refunds/${body.id}`, { as: null })).status).toBe(401);
  });

  it('when 20 refunds of one line arrive at once from 5 tills, then exactly what was sold is refunded and the rest are refused', async () => {
    const order = orders.cash([{ quantity: 5 }]);
    await sell(order);
    const factories = TILLS.map((till) => refundFactory(till, 1));
    const attempts = Array.from({ length: 20 }, (_, i) => {
      const till = i % TILLS.length;
      return {
        body: factories[till]!.of(order, { lines: [{ lineNo: 1, quantity: 1, restock: false }] }),
        token: stack.terminalTokens[TILLS[till]!]!,
      };
    });
    const answers = await Promise.all(attempts.map((a) => refund(a.body, a.token)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    const outcomes = answers.map((a) => a.body.refund.status);
    expect(outcomes.filter((s) => s === 'completed')).toHaveLength(5);
    expect(outcomes.filter((s) => s === 'refused')).toHaveLength(15);
    const refunded = await stack.pools.posCore.query<{ q: number; amount: number }>(
      `SELECT sum(l.quantity)::int AS q, sum(l.amount)::int AS amount FROM refund_lines l JOIN refunds r ON r.tenant_id = l.tenant_id AND r.id = l.refund_id
        WHERE r.order_id = $1 AND r.status = 'completed'`,
      [order.id],
    );
    expect(refunded.rows[0]).toEqual({ q: 5, amount: order.total });
  });
});
