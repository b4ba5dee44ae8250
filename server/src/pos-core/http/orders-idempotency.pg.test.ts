/**
 * The idempotency table of DESIGN §4, one test per row, against the real stack (three services,
 * real PostgreSQL, real HTTP).
 */
import { HEADERS } from '@pos/shared/http';
import { uuidv7 } from '@pos/shared/ids';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFactory } from '../../testing/test-orders.ts';
import { OTHER_TERMINAL_ID, startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const submit = (body: unknown, key = (body as { id: string }).id, as: 'terminal' | 'otherTerminal' | null = 'terminal') =>
  stack.call('posCore', 'POST', '/v1/orders', { body, key, as });
const countOrders = async (id: string) => (await stack.pools.posCore.query('SELECT 1 FROM orders WHERE id = $1', [id])).rowCount;

describe('POST /v1/orders, DESIGN §4 idempotency table', () => {
  it('when an order is first submitted and reaches a final status, then 201 with the order', async () => {
    const order = orders.card();
    const res = await submit(order);
    expect(res.status).toBe(201);
    expect(res.body.order).toMatchObject({ id: order.id, status: 'confirmed', total: order.total, tax: 40, seq: order.seq });
    expect(res.headers.get(HEADERS.idempotentReplayed)).toBeNull();
  });

  it('when an order is durably recorded but still pending, then 202 with the order', async () => {
    // Recorded with Payment reachable; the card's processor never answers in time, so it waits for a retry.
    const order = orders.card('tok_processor_timeout');
    const res = await submit(order);
    expect(res.status).toBe(202);
    expect(res.body.order).toMatchObject({ id: order.id, status: 'pending', reason: 'payment_unavailable' });
  });

  it('when the same key and body come again later, then the current state and Idempotent-Replayed, with no new side effect', async () => {
    const order = orders.card();
    const first = await submit(order);
    const again = await submit(order);
    expect(again.status).toBe(first.status);
    expect(again.headers.get(HEADERS.idempotentReplayed)).toBe('true');
    expect(again.body.order).toEqual(first.body.order);
    const payments = await stack.call('payment', 'GET', `/v1/payments?orderId=${order.id}`, { as: 'manager' });
    expect(payments.body.payments).toHaveLength(1);
    expect(await countOrders(order.id)).toBe(1);
  });

  it('when a confirmed order is sent again, then its replay is read without writing anything', async () => {
    const order = orders.card();
    const first = await submit(order);
    expect(first.body.order.status).toBe('confirmed');
    // Any write to the keys or orders (a claim, a lease) would wait for this lock; reads pass.
    const blocker = await stack.pools.posCore.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE idempotency_keys, orders IN EXCLUSIVE MODE');
      const again = await submit(order);
      expect(again.status).toBe(201);
      expect(again.headers.get(HEADERS.idempotentReplayed)).toBe('true');
      expect(again.body.order).toEqual(first.body.order);
    } finally {
      await blocker.query('ROLLBACK');
      blocker.release();
    }
  });

  it('when the same key comes while the first request is still in flight, then 409 with Retry-After', async () => {
    const order = orders.cash();
    // Hold the orders table so that the first request is stuck between its claim and its record.
    const blocker = await stack.pools.posCore.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE');
      const first = submit(order);
      await waitUntil(
        async () =>
          (await stack.pools.posCore.query(`SELECT 1 FROM idempotency_keys WHERE key = $1 AND state = 'in_flight'`, [order.id]))
            .rowCount === 1,
        'the first request to claim its key',
      );
      const second = await submit(order);
      expect(second.status).toBe(409);
      expect(second.headers.get(HEADERS.retryAfter)).toMatch(/^\d+$/);
      expect(second.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.idempotencyInFlight);
      await blocker.query('COMMIT');
      expect([201, 202]).toContain((await first).status);
    } finally {
      blocker.release();
    }
    expect(await countOrders(order.id)).toBe(1);
  });

  it('when the same key comes with a different body, then 422 idempotency-key-reused and nothing changes', async () => {
    const order = orders.cash();
    const first = await submit(order);
    const changed = await submit({ ...order, lamport: order.lamport + 1 });
    expect(changed.status).toBe(422);
    expect(changed.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.idempotencyKeyReused);
    const now = await stack.call('posCore', 'GET', `/v1/orders/${order.id}`);
    expect(now.body.order).toEqual((await submit(order)).body.order);
    expect(now.body.order.lamport).toBe(first.body.order.lamport);
  });

  it('when the key is missing or malformed, or the body invalid, then 400 with the field errors and nothing recorded', async () => {
    const order = orders.cash();
    const missing = await stack.call('posCore', 'POST', '/v1/orders', { body: order });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toContainEqual(expect.objectContaining({ path: HEADERS.idempotencyKey }));

    const malformed = await submit(order, 'not a key!');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toContainEqual(expect.objectContaining({ path: HEADERS.idempotencyKey }));

    const otherId = await submit(order, uuidv7());
    expect(otherId.status).toBe(400);

    const invalid = await submit({ ...order, lines: [{ ...order.lines[0], quantity: 0 }], extra: true });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain('application/problem+json');
    expect(invalid.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['order.lines.0.quantity', 'order']));

    const wrongTotal = await submit({
      ...order,
      total: order.total + 1,
      tenders: [{ type: 'cash', amount: order.total + 1, received: 5000 }],
    });
    expect(wrongTotal.status).toBe(400);
    expect(wrongTotal.body.errors).toContainEqual(expect.objectContaining({ path: 'total' }));

    expect(await countOrders(order.id)).toBe(0);
  });

  it('when the token is missing or bad, then 401; another store or another till asking for an order, then 404', async () => {
    const order = orders.cash();
    expect((await submit(order, order.id, null)).status).toBe(401);
    const bad = await fetch(`${stack.urls.posCore}/v1/orders/${order.id}`, {
      headers: { Authorization: 'Bearer not-a-valid-token-at-all' },
    });
    expect(bad.status).toBe(401);

    expect((await submit(order)).status).toBe(201);
    for (const as of ['otherTerminal', 'otherManager'] as const) {
      const res = await stack.call('posCore', 'GET', `/v1/orders/${order.id}`, { as });
      expect(res.status).toBe(404);
    }
    const cancelled = await stack.call('posCore', 'POST', `/v1/orders/${order.id}/cancel`, { as: 'otherManager' });
    expect(cancelled.status).toBe(404);
    // The key space is per store: the other store's till may use the same id for its own sale.
    const theirs = orderFactory(OTHER_TERMINAL_ID).cash([{}], { id: order.id });
    expect((await submit(theirs, theirs.id, 'otherTerminal')).status).toBe(201);
    expect((await stack.call('posCore', 'GET', `/v1/orders/${order.id}`)).body.order.terminalId).toBe('demo-till-1');
  });

  it('when a till submits an order of another till, then 403 and nothing recorded', async () => {
    const order = orderFactory('demo-till-2').cash();
    const res = await submit(order);
    expect(res.status).toBe(403);
    expect(await countOrders(order.id)).toBe(0);
  });

  it('when a downstream is unavailable before the order was recorded, then 503 with Retry-After and nothing recorded', async () => {
    await stack.restartPosCore({ paymentUrl: 'http://127.0.0.1:1' });
    try {
      const order = orders.card();
      const res = await submit(order);
      expect(res.status).toBe(503);
      expect(res.headers.get(HEADERS.retryAfter)).toMatch(/^\d+$/);
      expect(await countOrders(order.id)).toBe(0);
      const metrics = await (await fetch(`${stack.urls.posCore}/metrics`)).text();
      expect(metrics).toMatch(/pos_core_downstream_breaker_state\{[^}]*downstream="payment"/);
      // A cash sale needs no Payment: it is recorded and confirmed all the same.
      const cash = orders.cash();
      expect((await submit(cash)).body.order.status).toBe('confirmed');
    } finally {
      await stack.restartPosCore();
    }
  });

  it('when the database is unavailable before the order was recorded, then 503 with Retry-After and nothing recorded', async () => {
    await stack.restartPosCore({ poolMax: 1 });
    const order = orders.cash();
    const held = await stack.services.posCore!.context.pool.connect();
    try {
      const res = await submit(order);
      expect(res.status).toBe(503);
      expect(res.headers.get(HEADERS.retryAfter)).toMatch(/^\d+$/);
    } finally {
      held.release();
      await stack.restartPosCore();
    }
    expect(await countOrders(order.id)).toBe(0);
  });

  it('when the body is too large, then 413', async () => {
    const res = await stack.call('posCore', 'POST', '/v1/orders/batch', {
      body: JSON.stringify({ orders: ['x'.repeat(5 * 1024 * 1024)] }),
    });
    expect(res.status).toBe(413);
  });

  it('when 50 requests with one key race, then one order, one reservation and at most one capture', async () => {
    const order = orders.card();
    const answers = await Promise.all(Array.from({ length: 50 }, () => submit(order)));
    for (const a of answers) expect([201, 202, 409]).toContain(a.status);
    expect(answers.filter((a) => a.status !== 409 && a.headers.get(HEADERS.idempotentReplayed) === null)).toHaveLength(1);
    expect(await countOrders(order.id)).toBe(1);
    const final = await waitUntil(async () => {
      const r = await stack.call('posCore', 'GET', `/v1/orders/${order.id}`);
      return r.body.order.status !== 'pending' && r.body.order;
    }, 'the order to be final');
    expect(final.status).toBe('confirmed');
    const reservations = await stack.pools.inventory.query('SELECT count(*)::int AS n FROM reservations WHERE order_id = $1', [order.id]);
    expect(reservations.rows[0].n).toBe(1);
    const captures = await stack.pools.payment.query(
      `SELECT count(*)::int AS n FROM payment_operations op JOIN payments p ON p.tenant_id = op.tenant_id AND p.id = op.payment_id
        WHERE p.order_id = $1 AND op.kind = 'capture'`,
      [order.id],
    );
    expect(captures.rows[0].n).toBe(1);
  });
});
