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
    `Terminal ${terminalId} already submitted another order with seq ${seq}; a till never reuses a sequence number.`,
    [{ path: 'seq', message: 'already used by another order of this terminal' }],
  );

/** Resolves when the existing order is this very sale; throws the problem otherwise. */
export async function explainCollision(
  db: Queryable,
  tenantId: string,
  order: { id: string; terminalId: string; seq: number },
  fingerprint: string,
) {
  const { rows } = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM orders WHERE tenant_id = $1 AND id = $2', [
    tenantId,
    order.id,
  ]);
  const existing = rows[0];
  if (!existing) throw seqReused(order.terminalId, order.seq);
  if (existing.fingerprint !== fingerprint) throw problems.keyReused();
}
