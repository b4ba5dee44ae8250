/**
 * Why an order could not be recorded although its submission was valid: an order with its id exists
 * already (the same sale → a replay; another sale → the key was reused), or its till already used its
 * sequence number for another sale (a 422: see migrations/001_orders.sql).
 */
import { PROBLEM_TYPES } from '@pos/shared/problem';
import type { Queryable } from '../../common/db.ts';
import { HttpProblem, problems } from '../../common/problem.ts';

export const seqReused = (terminalId: string, seq: number) =>
  new HttpProblem(
    422,
    PROBLEM_TYPES.conflict,
    'Sequence number already used',
    `Terminal ${terminalId} already submitted another record with seq ${seq}; a till never reuses a sequence number.`,
    [{ path: 'seq', message: 'already used by another record of this terminal' }],
  );

/**
 * What each collision means, for orders of one tenant that could not be recorded (one query):
 * 'replay' when the existing order with that id is this very sale, else the problem to answer.
 */
export async function explainCollisions(
  db: Queryable,
  tenantId: string,
  collided: readonly { order: { id: string; terminalId: string; seq: number }; fingerprint: string }[],
): Promise<Map<string, 'replay' | HttpProblem>> {
  const verdicts = new Map<string, 'replay' | HttpProblem>();
  if (collided.length === 0) return verdicts;
  const { rows } = await db.query<{ id: string; fingerprint: string }>(
    'SELECT id, fingerprint FROM orders WHERE tenant_id = $1 AND id = ANY($2::text[])',
    [tenantId, collided.map((c) => c.order.id)],
  );
  const existing = new Map(rows.map((r) => [r.id, r.fingerprint]));
  for (const { order, fingerprint } of collided) {
    const found = existing.get(order.id);
    if (found === undefined) verdicts.set(order.id, seqReused(order.terminalId, order.seq));
    else verdicts.set(order.id, found === fingerprint ? 'replay' : problems.keyReused());
  }
  return verdicts;
}
