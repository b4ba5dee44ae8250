/**
 * Who drives a refund's saga: the worker holding its lease — the same rule as the checkout saga's
 * (saga/saga-lease.ts): taken only when free or abandoned (expired, or its owner process stopped
 * beating: service-instance.ts), renewed before every step, every state change fenced by it.
 */
import type { Queryable } from '../../../common/db.ts';
import { acquireRowLease, claimDueRows, renewRowLease } from '../../../common/row-lease.ts';

export type RefundSagaState = 'refund_payment' | 'restock' | 'done';

/** Takes the lease of one unfinished refund saga if nobody holds it. */
export function acquireRefundLease(db: Queryable, tenantId: string, refundId: string, owner: string, leaseMs: number): Promise<boolean> {
  return acquireRowLease(db, 'refunds', tenantId, refundId, owner, leaseMs);
}

/** Extends the lease before a step; the saga's state and attempts, or null when the lease was lost or the saga ended. */
export async function renewRefundLease(
  db: Queryable,
  tenantId: string,
  refundId: string,
  owner: string,
  leaseMs: number,
): Promise<{ sagaState: RefundSagaState; attempts: number } | null> {
  const row = await renewRowLease<{ saga_state: RefundSagaState; attempts: number }>(db, 'refunds', 'saga_state, attempts', {
    tenantId,
    id: refundId,
    owner,
    leaseMs,
  });
  return row ? { sagaState: row.saga_state, attempts: row.attempts } : null;
}

/** Gives the lease back and schedules the next attempt `delayMs` from now (a step was unavailable, the drive failed, or this process stops). */
export async function releaseRefundLease(
  db: Queryable,
  tenantId: string,
  refundId: string,
  owner: string,
  delayMs: number,
  countAttempt = false,
) {
  await db.query(
    `UPDATE refunds SET lease_owner = NULL, lease_until = NULL, next_attempt_at = now() + make_interval(secs => $4::float8 / 1000),
            attempts = attempts + CASE WHEN $5::boolean THEN 1 ELSE 0 END, updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3`,
    [tenantId, refundId, owner, delayMs, countAttempt],
  );
}

/** Leases up to `limit` due refund sagas (oldest first) nobody holds (row-lease.ts). */
export const claimDueRefunds = (db: Queryable, owner: string, leaseMs: number, limit: number) =>
  claimDueRows(db, 'refunds', owner, leaseMs, limit);
