/**
 * How a saga step writes its order: a step that does not end the saga changes no indexed column of
 * `orders`, so PostgreSQL keeps the new row version on its page without an entry in each of the table's
 * indexes (a HOT update, counted in pg_stat_user_tables). An index that named a column a step changes
 * (saga_state, next_attempt_at) would make every step write to every index again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESPRESSO, orderFactory } from '../../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../../testing/test-stack.ts';
import { waitUntil } from '../../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

/** The orders table's update counters, once every backend has reported what it did (stats arrive within a second or so of a backend going idle). */
async function orderUpdates(atLeast: number): Promise<{ updates: number; hot: number }> {
  return waitUntil(async () => {
    await stack.pools.posCore.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await stack.pools.posCore.query<{ updates: number; hot: number }>(
      `SELECT n_tup_upd::int AS updates, n_tup_hot_upd::int AS hot FROM pg_stat_user_tables WHERE relname = 'orders'`,
    );
    const counted = rows[0];
    return counted && counted.updates >= atLeast && counted;
  }, `${atLeast} updates of orders counted`);
}

describe('saga transitions on the orders table', () => {
  it('when a one-card order goes received → reserved → captured → confirmed, then its two steps before the last are HOT updates', async () => {
    const before = await orderUpdates(0);
    const order = orders.card('tok_visa', [{ product: ESPRESSO, quantity: 2 }], { captureMode: 'online' });
    const answer = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
    expect(answer.status).toBe(201);
    expect(answer.body.order.status).toBe('confirmed');
    const transitions = await stack.pools.posCore.query<{ to_state: string }>(
      'SELECT to_state FROM order_transitions WHERE order_id = $1 ORDER BY id',
      [order.id],
    );
    expect(transitions.rows.map((r) => r.to_state)).toEqual(['received', 'reserved', 'captured', 'done']);

    const after = await orderUpdates(before.updates + 3);
    // The last step sets the final status (an indexed predicate's column): that one may not be HOT.
    expect(after.hot - before.hot).toBeGreaterThanOrEqual(2);
  });
});
