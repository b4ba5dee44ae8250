/**
 * Crash and recover (DESIGN §6): a failure injected right after each saga step's downstream call
 * answered and before its state change committed (the worst moment: the side effect happened, the
 * saga does not know it), or before the call, followed by a restart of POS Core. The new process must resume every saga
 * from its last committed state, repeat the interrupted step under its fixed key (no second side
 * effect) and bring it to a final state; then the G1–G3 checker must pass.
 */
import type { SagaStep } from '@pos/shared/http';
import type { OrderSubmission } from '@pos/shared/order';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, describeViolations } from '../../../testing/invariants.ts';
import { settableFaults } from '../../../testing/settable-faults.ts';
import { orderFactory } from '../../../testing/test-orders.ts';
import { refundFactory } from '../../../testing/test-refunds.ts';
import { startTestStack, type TestStack } from '../../../testing/test-stack.ts';
import { waitUntil } from '../../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
const { faults, hooks } = settableFaults();
const recorded: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({
    posCore: {
      sagaRetryDeadlineMs: 1_500,
      leaseMs: 1_000,
      faults: hooks,
    },
  });
});
afterAll(() => stack?.stop());

const submit = async (order: OrderSubmission) => {
  recorded.push(order.id);
  return stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
};
const finalOrder = (id: string) =>
  waitUntil(async () => {
    const o = (await stack.call('posCore', 'GET', `/v1/orders/${id}`, { as: 'manager' })).body.order;
    return o.status !== 'pending' && o;
  }, `order ${id} to be final`);
const paymentOf = async (id: string) =>
  (await stack.call('payment', 'GET', `/v1/payments?orderId=${id}`, { as: 'manager' })).body.payments[0];

/**
 * The first time `step` of `orderId` runs, the process "dies": before its downstream call, or after the
 * call answered and before its state change is recorded. Resolves when that happened.
 */
function crashOnce(when: 'beforeStep' | 'afterStep', step: SagaStep, orderId: string): Promise<void> {
  return new Promise((crashed) => {
    faults[when] = (s, id) => {
      if (s !== step || id !== orderId) return;
      delete faults[when];
      crashed();
      throw new Error(`injected crash ${when} ${step}`);
    };
  });
}
const crashOnceAfter = (step: SagaStep, orderId: string) => crashOnce('afterStep', step, orderId);

/** Payment's audit of the order: how many operations of each kind (a card charged twice would show two captures of a part). */
const operationsOf = async (orderId: string) =>
  (
    await stack.pools.payment.query<{ part: number; kind: string; n: number }>(
      `SELECT p.part, op.kind, count(*)::int AS n FROM payment_operations op
         JOIN payments p ON p.tenant_id = op.tenant_id AND p.id = op.payment_id
        WHERE p.order_id = $1 GROUP BY p.part, op.kind ORDER BY p.part, op.kind`,
      [orderId],
    )
  ).rows;

describe('crash after a step, then restart', () => {
  // 'card': one card, charged by the authorize call (capture: true); 'cards': two cards, authorized
  // then captured, so a crash between authorize and capture still has a window there.
  const forward: ['beforeStep' | 'afterStep', SagaStep, 'card' | 'cards' | 'cash'][] = [
    ['afterStep', 'reserve', 'card'],
    ['beforeStep', 'authorize', 'card'],
    ['afterStep', 'authorize', 'card'],
    ['afterStep', 'authorize', 'cards'],
    ['afterStep', 'capture', 'cards'],
    ['afterStep', 'commit', 'card'],
    ['afterStep', 'reserve', 'cash'],
    ['afterStep', 'commit', 'cash'],
  ];
  it.each(forward)(
    'when POS Core dies (%s) at the %s call of a %s order, then after a restart the order confirms once, each card charged once',
    async (when, step, kind) => {
      const order = kind === 'card' ? orders.card() : kind === 'cards' ? orders.cards(['tok_visa', 'tok_visa']) : orders.cash();
      const crashed = crashOnce(when, step, order.id);
      await submit(order);
      await crashed;
      await stack.restartPosCore();
      expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
      if (kind === 'cash') return;
      const payments = (await stack.call('payment', 'GET', `/v1/payments?orderId=${order.id}`, { as: 'manager' })).body.payments;
      const cardAmounts = order.tenders.filter((t) => t.type === 'card').map((t) => t.amount);
      expect(payments.map((p: { status: string; capturedAmount: number }) => [p.status, p.capturedAmount])).toEqual(
        cardAmounts.map((a) => ['captured', a]),
      );
      expect(await operationsOf(order.id)).toEqual(
        cardAmounts.flatMap((_, i) => [
          { part: i + 1, kind: 'authorize', n: 1 },
          { part: i + 1, kind: 'capture', n: 1 },
        ]),
      );
    },
  );

  it('when POS Core dies right after releasing the hold of a declined card, then after a restart the order is declined', async () => {
    const order = orders.card('tok_declined');
    const crashed = crashOnceAfter('release', order.id);
    await submit(order);
    await crashed;
    await stack.restartPosCore();
    expect(await finalOrder(order.id)).toMatchObject({ status: 'declined' });
  });

  it.each(['void', 'refund'] as const)(
    'when POS Core dies right after the %s of a cancelled order, then after a restart the order is cancelled',
    async (step) => {
      // Void: an order resting in 'authorized' (two cards, held before their capture); refund: a
      // one-card order charged at once, held before its commit.
      const order = step === 'void' ? orders.cards(['tok_visa', 'tok_visa']) : orders.card();
      const holdAt: SagaStep = step === 'void' ? 'capture' : 'commit';
      faults.beforeStep = (s, id) => {
        if (s === holdAt && id === order.id) throw new Error(`held before ${holdAt}`);
      };
      await submit(order);
      const parts = order.tenders.filter((t) => t.type === 'card').length;
      const payments = async () =>
        (await stack.call('payment', 'GET', `/v1/payments?orderId=${order.id}`, { as: 'manager' })).body.payments as { status: string }[];
      await waitUntil(async () => {
        const listed = await payments();
        return listed.length === parts && listed.every((p) => p.status === (step === 'void' ? 'authorized' : 'captured'));
      }, 'the payments to be in place');
      const crashed = crashOnceAfter(step, order.id);
      await stack.call('posCore', 'POST', `/v1/orders/${order.id}/cancel`);
      await crashed;
      delete faults.beforeStep;
      await stack.restartPosCore();
      expect(await finalOrder(order.id)).toMatchObject({ status: 'cancelled' });
      expect((await payments()).map((p) => p.status)).toEqual(Array(parts).fill(step === 'void' ? 'voided' : 'refunded'));
    },
  );
});

describe('one-card orders an older version left mid-way (authorize, then a separate capture)', () => {
  /** A one-card order held before its charge, whose card Payment authorized the old way: a plain authorize under its fixed key. */
  async function authorizedTheOldWay(): Promise<OrderSubmission> {
    const order = orders.card();
    faults.beforeStep = (s, id) => {
      if (s === 'authorize' && id === order.id) throw new Error('held before authorize');
    };
    await submit(order);
    await waitUntil(
      async () =>
        (await stack.pools.posCore.query(`SELECT 1 FROM orders WHERE id = $1 AND saga_state = 'reserved'`, [order.id])).rowCount === 1,
      'the order to be reserved',
    );
    const card = order.tenders.find((t) => t.type === 'card');
    const old = await stack.call('payment', 'POST', '/v1/payments', {
      as: 'service',
      key: `${order.id}:authorize`,
      body: { orderId: order.id, amount: card?.amount, currency: order.currency, cardToken: 'tok_visa' },
    });
    expect(old.body.payment).toMatchObject({ status: 'authorized' });
    return order;
  }
  const expectCapturedOnceByTheCaptureStep = async (order: OrderSubmission) => {
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
    expect(await paymentOf(order.id)).toMatchObject({ status: 'captured', capturedAmount: order.total });
    const ops = await stack.pools.payment.query<{ kind: string; idempotency_key: string }>(
      `SELECT op.kind, op.idempotency_key FROM payment_operations op JOIN payments p ON p.tenant_id = op.tenant_id AND p.id = op.payment_id
        WHERE p.order_id = $1 ORDER BY op.id`,
      [order.id],
    );
    expect(ops.rows).toEqual([
      { kind: 'authorize', idempotency_key: `${order.id}:authorize` },
      { kind: 'capture', idempotency_key: `${order.id}:capture` },
    ]);
  };

  it('when a one-card order is found authorized, then the capture step still runs and the order confirms, captured once', async () => {
    const order = await authorizedTheOldWay();
    // As the older version recorded it: the order advanced to 'authorized'.
    await stack.pools.posCore.query(
      `UPDATE orders SET saga_state = 'authorized', lease_owner = NULL, lease_until = NULL, next_attempt_at = now() WHERE id = $1`,
      [order.id],
    );
    delete faults.beforeStep;
    await expectCapturedOnceByTheCaptureStep(order);
  });

  it('when a one-card order is still reserved but its key holds an authorize without capture, then that is replayed and captured next', async () => {
    const order = await authorizedTheOldWay();
    delete faults.beforeStep;
    await expectCapturedOnceByTheCaptureStep(order);
  });
});

describe('crash in the refund saga, then restart', () => {
  const refunds = refundFactory();
  const returnsOf = async (refundId: string) =>
    (await stack.pools.inventory.query(`SELECT quantity FROM stock_movements WHERE refund_id = $1 AND kind = 'return'`, [refundId])).rows;
  const finalRefund = (id: string, settled: (r: { status: string }) => boolean) =>
    waitUntil(async () => {
      const r = (await stack.call('posCore', 'GET', `/v1/refunds/${id}`, { as: 'manager' })).body.refund;
      return r && settled(r) && r;
    }, `refund ${id} to settle`);

  it.each(['refund', 'restock'] as const)(
    'when POS Core dies right after the %s call of a card refund, then after a restart the card is refunded once and the goods return once',
    async (step) => {
      const order = orders.card('tok_visa', [{ quantity: 2 }]);
      await submit(order);
      expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
      const refund = refunds.of(order, { lines: [{ lineNo: 1, quantity: 1, restock: true }] });
      const crashed = crashOnceAfter(step, refund.id);
      const res = await stack.call('posCore', 'POST', '/v1/refunds', { body: refund, key: refund.id });
      expect([201, 202]).toContain(res.status);
      await crashed;
      await stack.restartPosCore();
      expect(await finalRefund(refund.id, (r) => r.status === 'completed')).toMatchObject({ amount: refund.amount });
      await waitUntil(async () => (await returnsOf(refund.id)).length === 1, 'the goods to return');
      const saga = await stack.pools.posCore.query(`SELECT saga_state FROM refunds WHERE id = $1`, [refund.id]);
      await waitUntil(
        async () =>
          (await stack.pools.posCore.query(`SELECT 1 FROM refunds WHERE id = $1 AND saga_state = 'done'`, [refund.id])).rowCount === 1,
        `the refund saga to end (was ${saga.rows[0]?.saga_state})`,
      );
      expect(await paymentOf(order.id)).toMatchObject({ capturedAmount: order.total, refundedAmount: refund.amount });
      const refundOps = await stack.pools.payment.query(`SELECT 1 FROM payment_operations WHERE kind = 'refund' AND idempotency_key = $1`, [
        `${refund.id}:refund`,
      ]);
      expect(refundOps.rowCount).toBe(1);
      expect(await returnsOf(refund.id)).toEqual([{ quantity: '1' }].map((r) => ({ quantity: Number(r.quantity) })));
      const events = await stack.pools.posCore.query(`SELECT 1 FROM outbox WHERE type = 'order.refunded' AND correlation_id = $1`, [
        order.id,
      ]);
      expect(events.rowCount).toBe(1);
    },
  );
});

describe('two POS Core processes', () => {
  it('when two processes share the database, then each saga is driven by one of them at a time and every order confirms once', async () => {
    const replica = await stack.startPosCoreReplica();
    const batch = Array.from({ length: 100 }, () => orders.cash());
    recorded.push(...batch.map((o) => o.id));
    const res = await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: batch } });
    expect(res.status).toBe(200);
    const ids = batch.map((o) => o.id);
    await waitUntil(
      async () => (await stack.pools.posCore.query(`SELECT 1 FROM orders WHERE id = ANY($1) AND status = 'pending'`, [ids])).rowCount === 0,
      'the batch to confirm',
    );
    const statuses = await stack.pools.posCore.query(`SELECT DISTINCT status FROM orders WHERE id = ANY($1)`, [ids]);
    expect(statuses.rows).toEqual([{ status: 'confirmed' }]);
    // A transition applied twice would show up as a repeated target state of one order.
    const repeated = await stack.pools.posCore.query(
      `SELECT order_id, to_state FROM order_transitions WHERE order_id = ANY($1) GROUP BY order_id, to_state HAVING count(*) > 1`,
      [ids],
    );
    expect(repeated.rows).toEqual([]);
    await replica.stop();
  });
});

describe('outages', () => {
  it('when Inventory is unreachable for an offline sale, then the order stays pending and confirms once Inventory is back', async () => {
    await stack.restartPosCore({ inventoryUrl: 'http://127.0.0.1:1' });
    const order = orders.cash();
    const res = await submit(order);
    expect(res.status).toBe(202);
    expect(res.body.order).toMatchObject({ status: 'pending', reason: 'inventory_unavailable' });
    await stack.restartPosCore();
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
  });

  it('when Payment stays unavailable past the retry deadline, then the saga releases the hold and declines the order', async () => {
    const order = orders.card('tok_processor_timeout');
    const res = await submit(order);
    expect(res.status).toBe(202);
    expect(await finalOrder(order.id)).toMatchObject({ status: 'declined', reason: 'payment_unavailable' });
    const reservation = (await stack.call('inventory', 'GET', `/v1/reservations/${order.id}`, { as: 'manager' })).body.reservation;
    expect(reservation.status).toBe('released');
  });

  it('after every crash and outage above, every saga is final and the G1–G3 checker passes', async () => {
    await waitUntil(
      async () => (await stack.pools.posCore.query(`SELECT 1 FROM orders WHERE status = 'pending'`)).rowCount === 0,
      'every saga to end',
    );
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
