/**
 * Applying a step's outcome: the saga's state change, its history row and its outbox events (none,
 * one, or several in order: an advance past two states) commit in ONE statement, fenced by the lease (and the state it was read in), so an event exists iff its
 * change happened and a worker that lost its lease changes nothing. The catalogue prices a reserve
 * step brings (price-check.ts) are recorded on the order's lines, with their price mismatch event,
 * in that same statement. The same UPDATE extends the lease and returns the saga as the next step
 * needs it (what renewLease would read at once), saving the driver one round trip per step.
 */
import type { OrderStatus } from '@pos/shared/order';
import { lamport } from '../../../common/clock.ts';
import type { Pool } from '../../../common/db.ts';
import type { PriceCheck } from './price-check.ts';
import { LEASED_COLUMNS, type LeasedRow, type LeasedSaga, toLeased } from './saga-lease.ts';
import { type CompensatedStatus, FINAL_EVENT, type SagaChange, type SagaEvent, type SagaState } from './saga-state.ts';

interface NextRow {
  sagaState: SagaState;
  status: OrderStatus;
  reason: string | null;
  finalStatus: CompensatedStatus | null;
  settlePayment: boolean;
  cancelRequested: boolean;
  /** The events the change emits, in order (none for a change no one outside needs to hear of). */
  events: readonly SagaEvent[];
  /** The catalogue's prices to record on the order's lines (and its price mismatch, if any). */
  prices?: PriceCheck;
}

function nextRow(current: LeasedSaga, change: Exclude<SagaChange, { kind: 'retry' }>): NextRow {
  const reason = current.reason;
  const keep = { finalStatus: current.finalStatus, settlePayment: current.settlePayment, cancelRequested: current.cancelRequested };
  const finish = (status: CompensatedStatus): NextRow => ({
    ...keep,
    sagaState: 'done',
    status,
    reason,
    events: [{ type: FINAL_EVENT[status] }],
  });
  switch (change.kind) {
    case 'advance':
      return {
        ...keep,
        sagaState: change.to,
        status: 'pending',
        reason: null,
        events: change.events,
        ...(change.prices ? { prices: change.prices } : {}),
      };
    case 'confirm':
      return { ...keep, sagaState: 'done', status: 'confirmed', reason: null, events: [{ type: FINAL_EVENT.confirmed }] };
    case 'reject':
      return {
        ...keep,
        sagaState: 'done',
        status: 'rejected',
        reason: change.reason,
        finalStatus: 'rejected',
        events: [{ type: FINAL_EVENT.rejected, ...(change.data ? { data: change.data } : {}) }],
      };
    case 'compensate':
      return {
        ...keep,
        sagaState: 'compensating_stock',
        status: 'pending',
        reason: change.reason,
        finalStatus: change.finalStatus,
        settlePayment: change.settlePayment,
        events: [],
      };
    case 'stock_released':
      if (current.settlePayment) return { ...keep, sagaState: 'compensating_payment', status: 'pending', reason, events: [] };
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
        events: [],
      };
  }
}

export interface TransitionInput {
  pool: Pool;
  tenantId: string;
  orderId: string;
  owner: string;
  /** The lease is extended by this much when the saga goes on. */
  leaseMs: number;
  current: LeasedSaga;
  change: Exclude<SagaChange, { kind: 'retry' }>;
}

/**
 * Applies the change; `applied` false when the lease was lost or the state moved meanwhile (nothing
 * changed). `saga`: the saga after the change, its lease extended (null once done or not applied).
 */
export async function applyTransition(input: TransitionInput): Promise<{ applied: boolean; next: NextRow; saga: LeasedSaga | null }> {
  const { pool, tenantId, orderId, owner, current, change } = input;
  const next = nextRow(current, change);
  // ONE statement (atomic in autocommit): the state change, its history row and its events are written
  // together or not at all; the lease and state fences are in the UPDATE, and the inserts take their
  // rows from what it returned, so a fenced-out transition writes nothing.
  const { rows } = await pool.query<LeasedRow>(
    `WITH changed AS (
       UPDATE orders
          SET saga_state = $5, status = $6, reason = $7, final_status = $8, settle_payment = $9,
              -- A cancel accepted while the step ran (cancel-order.ts sets the flag without the lease) is
              -- kept: only a roll-forward (the sale happened after all) clears it.
              cancel_requested = (cancel_requested AND NOT $19::boolean) OR $10,
              -- Due now, but an already due time is kept as it is: a step then changes no indexed
              -- column (row-lease.ts) and the update stays on the row's page (HOT).
              attempts = 0, step_deadline = NULL, next_attempt_at = LEAST(next_attempt_at, now()), updated_at = now(),
              lease_owner = CASE WHEN $5 = 'done' THEN NULL ELSE lease_owner END,
              lease_until = CASE WHEN $5 = 'done' THEN NULL ELSE now() + make_interval(secs => $11::float8 / 1000) END
        WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3 AND saga_state = $4
        RETURNING tenant_id, id, terminal_id, seq, total, ${LEASED_COLUMNS}
     ), history AS (
       INSERT INTO order_transitions (tenant_id, order_id, from_state, to_state, status, reason, worker)
       SELECT tenant_id, id, $4, $5, $6, $7, $3 FROM changed
     ), event AS (
       INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
       SELECT tenant_id, e.type, id, e.lamport,
              jsonb_build_object('orderId', id, 'terminalId', terminal_id, 'seq', seq, 'total', total, 'status', $6::text, 'reason', $7::text)
                || e.data
         FROM changed, unnest($12::text[], $13::bigint[], $14::jsonb[]) WITH ORDINALITY AS e(type, lamport, data, n)
        ORDER BY e.n
     ), prices AS (
       UPDATE order_lines l SET catalog_price = p.catalog_price
         FROM changed, unnest($15::int[], $16::bigint[]) AS p(line_no, catalog_price)
        WHERE l.tenant_id = changed.tenant_id AND l.order_id = changed.id AND l.line_no = p.line_no
     ), mismatch AS (
       INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
       SELECT tenant_id, 'order.price_mismatch', id, $17::bigint, $18::jsonb FROM changed WHERE $18::jsonb IS NOT NULL
     )
     SELECT * FROM changed`,
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
      input.leaseMs,
      next.events.map((e) => e.type),
      next.events.map(() => lamport.tick()),
      next.events.map((e) => JSON.stringify(e.data ?? {})),
      next.prices?.catalogPrices.map((p) => p.lineNo) ?? [],
      next.prices?.catalogPrices.map((p) => p.catalogPrice) ?? [],
      next.prices?.mismatch ? lamport.tick() : 0,
      next.prices?.mismatch ? JSON.stringify(next.prices.mismatch) : null,
      change.kind === 'roll_forward',
    ],
  );
  const row = rows[0];
  if (!row) return { applied: false, next, saga: null };
  return { applied: true, next, saga: row.saga_state === 'done' ? null : toLeased(row) };
}

/**
 * SQL: when the next attempt of a step that must wait is due — `delay` (an interval expression) from
 * now, but never after the step's retry deadline while that is still ahead, so the attempt that finds
 * the deadline passed (and compensates an online order) comes at the deadline, not a backoff later.
 */
const nextAttempt = (delay: string, deadlineMs: string) => `(
  CASE WHEN COALESCE(step_deadline, now() + make_interval(secs => ${deadlineMs}::float8 / 1000)) > now()
       THEN least(now() + ${delay}, COALESCE(step_deadline, now() + make_interval(secs => ${deadlineMs}::float8 / 1000)))
       ELSE now() + ${delay} END)`;

/**
 * The step must wait: schedule the SAME step again after `delayMs` (at the latest at its deadline) and
 * give the lease back. `reason` says what the saga waits for (null keeps the current reason, e.g.
 * "cancelled" during compensation).
 */
export async function scheduleRetry(
  pool: Pool,
  input: { tenantId: string; orderId: string; owner: string; delayMs: number; deadlineMs: number; reason: string | null },
): Promise<void> {
  await pool.query(
    `UPDATE orders
        SET attempts = attempts + 1, next_attempt_at = ${nextAttempt('make_interval(secs => $4::float8 / 1000)', '$5')},
            step_deadline = COALESCE(step_deadline, now() + make_interval(secs => $5::float8 / 1000)),
            reason = COALESCE($6, reason), lease_owner = NULL, lease_until = NULL, updated_at = now()
      WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3`,
    [input.tenantId, input.orderId, input.owner, input.delayMs, input.deadlineMs, input.reason],
  );
}

/**
 * scheduleRetry for many sagas of one tenant at once (a batch settlement Inventory could not take):
 * each gets its own full-jitter backoff from its own attempt count (as retryDelayMs), and gives its lease back.
 */
export async function scheduleRetries(
  pool: Pool,
  input: { tenantId: string; orderIds: readonly string[]; owner: string; capMs: number; deadlineMs: number; reason: string | null },
): Promise<void> {
  await pool.query(
    `UPDATE orders
        SET next_attempt_at = ${nextAttempt('make_interval(secs => greatest(20, round(random() * least($4::float8, 200 * power(2, least(attempts, 20))))) / 1000)', '$5')},
            attempts = attempts + 1,
            step_deadline = COALESCE(step_deadline, now() + make_interval(secs => $5::float8 / 1000)),
            reason = COALESCE($6, reason), lease_owner = NULL, lease_until = NULL, updated_at = now()
      WHERE tenant_id = $1 AND id = ANY($2::text[]) AND lease_owner = $3`,
    [input.tenantId, input.orderIds, input.owner, input.capMs, input.deadlineMs, input.reason],
  );
}
