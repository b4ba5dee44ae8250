/**
 * Tills with wrong clocks (DESIGN §4: createdAt and the till's lamport are informational): one till
 * 2 hours ahead, another 3 days behind, selling in turns. The server must order what happened by its
 * own feed position and Lamport clock, and keep idempotency keys by its own clock — nothing may
 * depend on a till's wall clock. Ends with the G1–G3 checker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneIdempotencyKeys } from '../common/idempotency.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { CROISSANT, ESPRESSO } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { HeadlessTill } from './headless-till.ts';

const HOUR = 3_600_000;
const AHEAD = 'till-clock-ahead';
const BEHIND = 'till-clock-behind';
let stack: TestStack;
let ahead: HeadlessTill;
let behind: HeadlessTill;

beforeAll(async () => {
  stack = await startTestStack({ terminals: [AHEAD, BEHIND] });
  const till = (terminalId: string, clockOffsetMs: number) =>
    HeadlessTill.open({
      terminalId,
      token: stack.terminalTokens[terminalId]!,
      baseUrl: stack.urls.posCore,
      random: seededRandom(3),
      clockOffsetMs,
    });
  ahead = await till(AHEAD, 2 * HOUR);
  behind = await till(BEHIND, -72 * HOUR);
  ahead.start();
  behind.start();
});
afterAll(async () => {
  await Promise.all([ahead?.stop(), behind?.stop()]);
  await stack?.stop();
});

describe('tills with wrong clocks', () => {
  it('when one till is 2 hours ahead and another 3 days behind, then events are ordered as they happened and keys are kept by the server clock', async () => {
    // Sales in turns, each settled before the next: a1 → b1 → a2 (card) → b2.
    const sell = async (sale: Promise<{ id: string } | null>, t: HeadlessTill) => {
      const { id } = (await sale)!;
      await waitUntil(async () => (await t.sale(id))?.status === 'confirmed', `sale ${id} to confirm`);
      return id;
    };
    const sequence = [
      await sell(ahead.recordCash([{ ...ESPRESSO, quantity: 1 }]), ahead),
      await sell(behind.recordCash([{ ...CROISSANT, quantity: 1 }]), behind),
      await sell(ahead.chargeCard([{ ...ESPRESSO, quantity: 1 }]), ahead),
      await sell(behind.recordCash([{ ...ESPRESSO, quantity: 2 }]), behind),
    ];

    // createdAt is kept as the till sent it (informational); the server's own times are its clock's.
    const { rows: orders } = await stack.pools.posCore.query<{ id: string; skew_h: number; received_lag_s: number }>(
      `SELECT id, round(extract(epoch FROM created_at - now()) / 3600)::int AS skew_h,
              abs(extract(epoch FROM received_at - now()))::int AS received_lag_s
         FROM orders WHERE id = ANY($1)`,
      [sequence],
    );
    const byId = new Map(orders.map((o) => [o.id, o]));
    expect(sequence.map((id) => byId.get(id)?.skew_h)).toEqual([2, -72, 2, -72]);
    for (const o of orders) expect(o.received_lag_s).toBeLessThan(120);

    // The feed orders the confirmations as they happened — by position, with a rising Lamport time —
    // not by the tills' createdAt (which would put both of the lagging till's sales first).
    const confirmed = await waitUntil(async () => {
      const { rows } = await stack.pools.posCore.query<{ correlation_id: string; position: number; lamport: number; lag_s: number }>(
        `SELECT correlation_id, position, lamport, abs(extract(epoch FROM occurred_at - now()))::int AS lag_s
           FROM outbox WHERE type = 'order.confirmed' AND correlation_id = ANY($1) AND position IS NOT NULL ORDER BY position`,
        [sequence],
      );
      return rows.length === sequence.length && rows;
    }, 'the confirmations to be published');
    expect(confirmed.map((e) => e.correlation_id)).toEqual(sequence);
    for (let i = 1; i < confirmed.length; i++) expect(confirmed[i]!.lamport).toBeGreaterThan(confirmed[i - 1]!.lamport);
    for (const e of confirmed) expect(e.lag_s).toBeLessThan(120);

    // Idempotency keys carry the server's time, so retention does not depend on a till's clock: a
    // prune with the shortest retention keeps them all, and a resend is still a replay.
    const { rows: keys } = await stack.pools.posCore.query<{ key: string; age_s: number }>(
      'SELECT key, abs(extract(epoch FROM created_at - now()))::int AS age_s FROM idempotency_keys WHERE key = ANY($1)',
      [sequence],
    );
    expect(keys).toHaveLength(sequence.length);
    for (const k of keys) expect(k.age_s).toBeLessThan(120);
    await pruneIdempotencyKeys(stack.pools.posCore, 30);
    const lagging = (await behind.sale(sequence[1]!))!.order;
    const replay = await stack.call('posCore', 'POST', '/v1/orders', {
      as: null,
      headers: { Authorization: `Bearer ${stack.terminalTokens[BEHIND]}` },
      body: lagging,
      key: lagging.id,
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    const violations = await checkInvariants(stack.pools, { recordedOrderIds: sequence, requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
