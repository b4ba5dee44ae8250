/**
 * Cash sales settled in bulk (cash-settlement.ts): the same history and events as the per-step saga;
 * a crash between Inventory's batch settlement and POS Core's confirming transaction, and an
 * Inventory outage, must each end with every sale confirmed exactly once — the G1–G3 checker passes.
 */
import type { SagaStep } from '@pos/shared/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, describeViolations } from '../../../testing/invariants.ts';
import { orderFactory } from '../../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../../testing/test-stack.ts';
import { waitUntil } from '../../../testing/wait-until.ts';
import type { SagaFaults } from './saga-state.ts';

let stack: TestStack;
const orders = orderFactory();
const faults: SagaFaults = {};
const recorded: string[] = [];
beforeAll(async () => {
  stack = await startTestStack({
    posCore: {
      leaseMs: 1_000,
      faults: {
        beforeStep: (step: SagaStep, id: string) => faults.beforeStep?.(step, id),
        afterStep: (step: SagaStep, id: string) => faults.afterStep?.(step, id),
      },
    },
  });
});
afterAll(() => stack?.stop());

const offlineBatch = (n: number) => {
  const batch = Array.from({ length: n }, () => orders.cash([{}], { captureMode: 'offline' }));
  recorded.push(...batch.map((o) => o.id));
  return batch;
};
const submitBatch = (batch: unknown[]) => stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: batch } });
const allConfirmed = (ids: string[]) =>
  waitUntil(
    async () =>
      (await stack.pools.posCore.query(`SELECT 1 FROM orders WHERE id = ANY($1) AND status <> 'confirmed'`, [ids])).rowCount === 0,
    'every sale of the batch to confirm',
    60_000,
  );

describe('cash sales settled in bulk', () => {
  it('when a batch of cash sales is submitted, then the answer is final and each sale has the per-step saga’s events and transitions', async () => {
    const batch = offlineBatch(50);
    const res = await submitBatch(batch);
    expect(res.body.results).toEqual(batch.map((o) => ({ id: o.id, status: 'confirmed', replayed: false })));
    const ids = batch.map((o) => o.id);
    const events = await stack.pools.posCore.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM outbox WHERE correlation_id = ANY($1) GROUP BY type ORDER BY type`,
      [ids],
    );
    expect(events.rows).toEqual([
      { type: 'order.confirmed', n: 50 },
      { type: 'order.received', n: 50 },
      { type: 'order.reserved', n: 50 },
    ]);
    const transitions = await stack.pools.posCore.query(
      `SELECT from_state, to_state, status, count(*)::int AS n FROM order_transitions WHERE order_id = ANY($1) GROUP BY 1, 2, 3 ORDER BY 1 NULLS FIRST`,
      [ids],
    );
    expect(transitions.rows).toEqual([
      { from_state: null, to_state: 'received', status: 'pending', n: 50 },
      { from_state: 'received', to_state: 'reserved', status: 'pending', n: 50 },
      { from_state: 'reserved', to_state: 'done', status: 'confirmed', n: 50 },
    ]);
  });

  it('when POS Core dies after Inventory settled the batch and before confirming it, then after a restart every sale confirms once', async () => {
    const batch = offlineBatch(40);
    const victim = batch[17]!.id;
    const crashed = new Promise<void>((resolve) => {
      faults.afterStep = (step, id) => {
        if (step !== 'commit' || id !== victim) return;
        delete faults.afterStep;
        resolve();
        throw new Error('injected crash after the batch settlement');
      };
    });
    const res = await submitBatch(batch);
    expect(res.body.results.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    await crashed;
    await stack.restartPosCore();
    await allConfirmed(batch.map((o) => o.id));
  });

  it('when Inventory is unreachable, then the sales stay pending and confirm once it is back', async () => {
    await stack.restartPosCore({ inventoryUrl: 'http://127.0.0.1:1' });
    const batch = offlineBatch(30);
    const res = await submitBatch(batch);
    expect(res.body.results.every((r: { status: string }) => r.status === 'pending')).toBe(true);
    const reasons = await stack.pools.posCore.query(`SELECT DISTINCT reason FROM orders WHERE id = ANY($1)`, [batch.map((o) => o.id)]);
    expect(reasons.rows).toEqual([{ reason: 'inventory_unavailable' }]);
    await stack.restartPosCore();
    await allConfirmed(batch.map((o) => o.id));
  });

  it('after all of the above, the G1–G3 checker passes', async () => {
    await waitUntil(
      async () => (await stack.pools.posCore.query(`SELECT 1 FROM orders WHERE status = 'pending'`)).rowCount === 0,
      'every saga to end',
    );
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
