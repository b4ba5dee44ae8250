/**
 * Who drives a saga: the worker holding its lease. A lease is taken with a conditional UPDATE (only
 * when free or abandoned), renewed before every step, and every state change is fenced by it
 * (`WHERE lease_owner = me`), so two POS Core processes never both advance one saga. A lease is
 * abandoned when it ran out or when its owner process stopped beating (service-instance.ts): a saga
 * of a killed process is taken over within seconds (≤ 6 s after the kill), while a live owner keeps
 * its lease for as long as it renews it. Steps are idempotent under fixed keys, so a stale worker's
 * late downstream call is harmless.
 */
import type { Queryable } from '../../../common/db.ts';
import { acquireRowLease, claimDueRows, renewRowLease } from '../../../common/row-lease.ts';
import type { CompensatedStatus, SagaState } from './saga-state.ts';

export interface LeasedSaga {
  sagaState: SagaState;
  finalStatus: CompensatedStatus | null;
  cancelRequested: boolean;
  settlePayment: boolean;
  attempts: number;
  deadlinePassed: boolean;
  /** Why the order is (or will end) where it is; kept through compensation. */
  reason: string | null;
}

/** A saga as recordOrders leaves it (leased to its recorder): received, no attempt yet, nothing requested. */
export const RECORDED_SAGA: LeasedSaga = {
  sagaState: 'received',
  finalStatus: null,
  cancelRequested: false,
  settlePayment: false,
  attempts: 0,
  deadlinePassed: false,
  reason: null,
};

export interface LeasedRow {
  saga_state: SagaState;
  final_status: CompensatedStatus | null;
  cancel_requested: boolean;
  settle_payment: boolean;
  attempts: number;
  deadline_passed: boolean;
  reason: string | null;
}

/** The columns a LeasedSaga is read from (RETURNING of the lease and transition statements). */
export const LEASED_COLUMNS = `saga_state, reason, final_status, cancel_requested, settle_payment, attempts,
  (step_deadline IS NOT NULL AND step_deadline <= now()) AS deadline_passed`;

export const toLeased = (r: LeasedRow): LeasedSaga => ({
  sagaState: r.saga_state,
  finalStatus: r.final_status,
  cancelRequested: r.cancel_requested,
  settlePayment: r.settle_payment,
  attempts: r.attempts,
  deadlinePassed: r.deadline_passed,
  reason: r.reason,
});

/** Takes the lease of one unfinished saga if nobody holds it (due or not: the caller asked to drive it now). */
export function acquireLease(db: Queryable, tenantId: string, orderId: string, owner: string, leaseMs: number): Promise<boolean> {
  return acquireRowLease(db, 'orders', tenantId, orderId, owner, leaseMs);
}

/** Extends the lease before a step and reads the saga's current state; null when the lease was lost or the saga ended. */
export async function renewLease(
  db: Queryable,
  tenantId: string,
  orderId: string,
  owner: string,
  leaseMs: number,
): Promise<LeasedSaga | null> {
  const row = await renewRowLease<LeasedRow>(db, 'orders', LEASED_COLUMNS, { tenantId, id: orderId, owner, leaseMs });
  return row ? toLeased(row) : null;
}

/**
 * Gives the leases back and asks for the next attempt at once (when this process stops, or after a
 * drive or a settlement failed half-way: the recovery worker takes them again in its next round).
 */
export async function releaseLeases(
  db: Queryable,
  tenantId: string,
  orderIds: readonly string[],
  owner: string,
  delayMs = 0,
): Promise<void> {
  await db.query(
    `UPDATE orders SET lease_owner = NULL, lease_until = NULL, next_attempt_at = now() + make_interval(secs => $4::float8 / 1000)
      WHERE tenant_id = $1 AND id = ANY($2::text[]) AND lease_owner = $3`,
    [tenantId, orderIds, owner, delayMs],
  );
}

/** How long a saga whose drive or settlement failed unexpectedly waits before the recovery worker tries again. */
export const FAILED_DRIVE_RETRY_MS = 1_000;

/** Leases up to `limit` due order sagas (oldest first) that nobody holds (row-lease.ts). */
export const claimDueSagas = (db: Queryable, owner: string, leaseMs: number, limit: number) =>
  claimDueRows(db, 'orders', owner, leaseMs, limit);

/**
 * Leases up to `limit` due cash sales still at their first step (received, no card tender, no cancel
 * asked, and for an online sale its retry deadline not passed — such a sale is compensated by the
 * per-step driver instead), oldest first, for the batch settlement (cash-settlement.ts).
 */
export const claimDueCashSales = (
  db: Queryable,
  owner: string,
  leaseMs: number,
  limit: number,
): Promise<{ tenantId: string; id: string }[]> =>
  claimDueRows(
    db,
    'orders',
    owner,
    leaseMs,
    limit,
    `d.saga_state = 'received' AND NOT d.cancel_requested
     AND (d.capture_mode = 'offline' OR d.step_deadline IS NULL OR d.step_deadline > now())
     AND NOT EXISTS (SELECT 1 FROM order_tenders c
                      WHERE c.tenant_id = d.tenant_id AND c.order_id = d.id AND c.type = 'card' AND c.amount > 0)`,
  );
