/**
 * An order's history does not depend on the path that drove it: a sale submitted alone and driven
 * inline (saga-driver.ts), sent in a batch (cash: settled in bulk by cash-settlement.ts; card: driven
 * in the background), or resumed by the recovery worker after its first drive failed, emits the same
 * events with the same payloads and records the same transitions.
 */
import type { SagaStep } from '@pos/shared/http';
import type { OrderSubmission } from '@pos/shared/order';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFactory } from '../../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../../testing/test-stack.ts';
import { waitUntil } from '../../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
/** Orders whose next reserve step fails once, as if the process driving them had failed there. */
const failOnce = new Set<string>();
beforeAll(async () => {
  stack = await startTestStack({
    posCore: {
      faults: {
        beforeStep: (step: SagaStep, id: string) => {
          if (step === 'reserve' && failOnce.delete(id)) throw new Error('injected failure before the reserve step');
        },
      },
    },
  });
});
afterAll(() => stack?.stop());

type Path = 'inline' | 'batch' | 'recovery';

async function drive(order: OrderSubmission, path: Path): Promise<void> {
  if (path === 'inline') {
    expect((await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id })).status).toBeLessThan(300);
    return;
  }
  if (path === 'recovery') failOnce.add(order.id);
  const res = await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [order] } });
  expect(res.body.results).toEqual([expect.objectContaining({ id: order.id })]);
}

/**
 * The order's own events (order.*, POS Core's outbox, in order; the product and payment events POS Core
 * relays to the tills' feed are Inventory's and Payment's) and its transitions, without what differs
 * by order (its id, its seq).
 */
async function historyOf(orderId: string) {
  await waitUntil(
    async () => (await stack.pools.posCore.query(`SELECT 1 FROM orders WHERE id = $1 AND saga_state = 'done'`, [orderId])).rowCount === 1,
    `order ${orderId} to end`,
  );
  const events = await stack.pools.posCore.query<{ type: string; payload: Record<string, unknown> }>(
    `SELECT type, payload FROM outbox WHERE correlation_id = $1 AND type LIKE 'order.%' ORDER BY id`,
    [orderId],
  );
  const transitions = await stack.pools.posCore.query(
    'SELECT from_state, to_state, status, reason FROM order_transitions WHERE order_id = $1 ORDER BY id',
    [orderId],
  );
  return {
    events: events.rows.map(({ type, payload: { orderId: _id, seq: _seq, ...data } }) => ({ type, data })),
    transitions: transitions.rows,
  };
}

const PATHS: Path[] = ['inline', 'batch', 'recovery'];

describe('an order’s events, whichever path drove it', () => {
  it.each([
    [
      'a cash sale',
      () => orders.cash([{ quantity: 2 }]),
      ['order.received', 'order.reserved', 'order.confirmed'],
      ['received', 'reserved', 'done'],
    ],
    [
      'a one-card sale',
      () => orders.card('tok_visa', [{ quantity: 2 }]),
      ['order.received', 'order.reserved', 'order.authorized', 'order.captured', 'order.confirmed'],
      // Charged in one call: reserved → captured in ONE transition, with both events.
      ['received', 'reserved', 'captured', 'done'],
    ],
    [
      'a two-card sale',
      () => orders.cards(['tok_visa', 'tok_visa'], [{ quantity: 2 }]),
      ['order.received', 'order.reserved', 'order.authorized', 'order.captured', 'order.confirmed'],
      ['received', 'reserved', 'authorized', 'captured', 'done'],
    ],
  ] as const)(
    'when %s is driven inline, in a batch and by the recovery worker, then all three record the same events and transitions',
    async (_kind, make, types, states) => {
      const driven = PATHS.map((path) => ({ path, order: make() }));
      for (const { path, order } of driven) await drive(order, path);
      const histories = await Promise.all(driven.map(({ order }) => historyOf(order.id)));
      expect(failOnce.size).toBe(0);
      const [inline, ...others] = histories;
      expect(inline?.events.map((e) => e.type)).toEqual(types);
      expect(inline?.transitions.map((t) => t.to_state)).toEqual(states);
      for (const other of others) expect(other).toEqual(inline);
    },
  );
});
