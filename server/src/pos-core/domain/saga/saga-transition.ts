/**
 * Applying a step's outcome: the saga's state change, its history row and its outbox event commit in
 * ONE transaction, fenced by the lease (and the state it was read in), so an event exists iff its
 * change happened and a worker that lost its lease changes nothing.
 */
import type { EventType } from '@pos/shared/event';
import type { OrderStatus } from '@pos/shared/order';
import { type Pool, withTransaction } from '../../../common/db.ts';
import { appendEvent } from '../../../common/outbox.ts';
import type { LeasedSaga } from './saga-lease.ts';
import { type CompensatedStatus, FINAL_EVENT, type SagaChange, type SagaState } from './saga-state.ts';

interface NextRow {
  sagaState: SagaState;
  status: OrderStatus;
  reason: string | null;
  finalStatus: CompensatedStatus | null;
  settlePayment: boolean;
  cancelRequested: boolean;
  event: EventType | null;
  eventData?: Record<string, unknown>;
}

function nextRow(current: LeasedSaga, change: Exclude<SagaChange, { kind: 'retry' }>): NextRow {
  const reason = current.reason;
  const keep = { finalStatus: current.finalStatus, settlePayment: current.settlePayment, cancelRequested: current.cancelRequested };
  const finish = (status: CompensatedStatus): NextRow => ({ ...keep, sagaState: 'done', status, reason, event: FINAL_EVENT[status] });
  switch (change.kind) {
    case 'advance':
      return {
        ...keep,
        sagaState: change.to,
        status: 'pending',
        reason: null,
        event: change.event,
        ...(change.data ? { eventData: change.data } : {}),
      };
    case 'confirm':
      return { ...keep, sagaState: 'done', status: 'confirmed', reason: null, event: FINAL_EVENT.confirmed };
    case 'reject':
      return {
        ...keep,
        sagaState: 'done',
        status: 'rejected',
        reason: change.reason,
        finalStatus: 'rejected',
        event: FINAL_EVENT.rejected,
        ...(change.data ? { eventData: change.data } : {}),
      };
    case 'compensate':
      return {
        ...keep,
        sagaState: 'compensating_stock',
        status: 'pending',
        reason: change.reason,
        finalStatus: change.finalStatus,
        settlePayment: change.settlePayment,
        event: null,
      };
    case 'stock_released':
      if (current.settlePayment) return { ...keep, sagaState: 'compensating_payment', status: 'pending', reason, event: null };
      return finish(current.finalStatus ?? 'declined');
    case 'payment_settled':
      return finish(current.finalStatus ?? 'declined');
    case 'roll_forward':
      return {
        sagaState: change.to,
        status: 'pending',
        reason: null,
        finalStatus: null,
        settlePayment: false,
        cancelRequested: false,
        event: null,
      };
  }
}

export interface TransitionInput {
  pool: Pool;
  tenantId: string;
  orderId: string;
  owner: string;
  current: LeasedSaga;
  change: Exclude<SagaChange, { kind: 'retry' }>;
}

/** Applies the change; false when the lease was lost or the state moved meanwhile (nothing changed). */
export async function applyTransition(input: TransitionInput): Promise<{ applied: boolean; next: NextRow }> {
  const { pool, tenantId, orderId, owner, current, change } = input;
  const next = nextRow(current, change);
  const applied = await withTransaction(pool, async (tx) => {
    const updated = await tx.query<{ terminal_id: string; seq: number; total: number }>(
      `UPDATE orders
          SET saga_state = $5, status = $6, reason = $7, final_status = $8, settle_payment = $9, cancel_requested = $10,
              attempts = 0, step_deadline = NULL, next_attempt_at = now(), updated_at = now(),
              lease_owner = CASE WHEN $5 = 'done' THEN NULL ELSE lease_owner END,
              lease_until = CASE WHEN $5 = 'done' THEN NULL ELSE lease_until END
        WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3 AND saga_state = $4
        RETURNING terminal_id, seq, total`,
      [
        tenantId,
        orderId,
        owner,
        current.sagaState,
        next.sagaState,
        next.status,
        next.reason,
        next.finalStatus,
        next.settlePayment,
        next.cancelRequested,
      ],
    );
    const row = updated.rows[0];
    if (!row) return false;
    await tx.query(
      `INSERT INTO order_transitions (tenant_id, order_id, from_state, to_state, status, reason, worker) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, orderId, current.sagaState, next.sagaState, next.status, next.reason, owner],
    );
    if (next.event) {
      await appendEvent(tx, {
        tenantId,
        type: next.event,
        correlationId: orderId,
        data: {
          orderId,
          terminalId: row.terminal_id,
          seq: row.seq,
          total: row.total,
          status: next.status,
          reason: next.reason,
          ...next.eventData,
        },
      });
    }
    return true;
  });
  return { applied, next };
}

/**
 * The step must wait: schedule the SAME step again after `delayMs` and give the lease back. `reason`
 * says what the saga waits for (null keeps the current reason, e.g. "cancelled" during compensation).
 */
export async function scheduleRetry(
  pool: Pool,
  input: { tenantId: string; orderId: string; owner: string; delayMs: number; deadlineMs: number; reason: string | null },
): Promise<void> {
  await pool.query(
    `UPDATE orders
        SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $4::float8 / 1000),
            step_deadline = COALESCE(step_deadline, now() + make_interval(secs => $5::float8 / 1000)),
            reason = COALESCE($6, reason), lease_owner = NULL, lease_until = NULL, updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3`,
    [input.tenantId, input.orderId, input.owner, input.delayMs, input.deadlineMs, input.reason],
  );
}
