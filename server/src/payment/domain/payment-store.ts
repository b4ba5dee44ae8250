/**
 * SQL of the payments and payment_operations tables. Every query names the tenant (G7).
 * Callers hold a transaction for writes; `lockPayment` must run inside one.
 */

import type { EventType } from '@pos/shared/event';
import { cursorCodec, cutPage, type PageInfo } from '@pos/shared/page';
import type { Payment, PaymentStatus } from '@pos/shared/payment';
import { z } from 'zod';
import { lamport } from '../../common/clock.ts';
import type { Queryable } from '../../common/db.ts';
import type { KeyCompletion } from '../../common/idempotency.ts';

export type OperationKind = 'authorize' | 'decline' | 'capture' | 'void' | 'refund';

/** A payment as stored: the wire view plus what stays inside the service. */
export interface StoredPayment extends Payment {
  currency: string;
}

interface PaymentRow {
  id: string;
  order_id: string;
  part: number;
  status: PaymentStatus;
  amount: number;
  captured_amount: number;
  refunded_amount: number;
  currency: string;
  decline_reason: string | null;
}

const COLUMNS = 'id, order_id, part, status, amount, captured_amount, refunded_amount, currency, decline_reason';

const toStored = (r: PaymentRow): StoredPayment => ({
  id: r.id,
  orderId: r.order_id,
  part: r.part,
  status: r.status,
  amount: r.amount,
  capturedAmount: r.captured_amount,
  refundedAmount: r.refunded_amount,
  declineReason: r.decline_reason,
  currency: r.currency,
});

/** The wire view (shared `payment` schema). */
export const toPayment = ({ currency: _currency, ...payment }: StoredPayment): Payment => payment;

/** The payment of card part `part` of an order (part 1: a single-card order's payment). */
export async function findPayment(db: Queryable, tenantId: string, orderId: string, part: number): Promise<StoredPayment | null> {
  const { rows } = await db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND order_id = $2 AND part = $3`, [
    tenantId,
    orderId,
    part,
  ]);
  return rows[0] ? toStored(rows[0]) : null;
}

/** Cursors of the payment list: the id of the last payment of a page. */
export const paymentsCursor = cursorCodec('payments', z.string().min(1).max(64));

/**
 * One page of the store's payments by id (uuid v7: roughly oldest first), after id `afterId` (''
 * = from the first); only the payments of `orderId` when one is named: one per card part, by part (a few at most).
 */
export async function listPayments(
  db: Queryable,
  tenantId: string,
  filter: { orderId?: string; afterId: string; limit: number },
): Promise<{ payments: Payment[] } & PageInfo> {
  const { rows } = filter.orderId
    ? await db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND order_id = $2 AND id > $3 ORDER BY part`, [
        tenantId,
        filter.orderId,
        filter.afterId,
      ])
    : await db.query<PaymentRow>(`SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`, [
        tenantId,
        filter.afterId,
        filter.limit + 1,
      ]);
  const page = cutPage(rows, filter.limit, paymentsCursor, (r) => r.id);
  return { payments: page.rows.map((r) => toPayment(toStored(r))), nextCursor: page.nextCursor, hasMore: page.hasMore };
}

/** The payment of the order's card part, locked until the transaction ends, so concurrent changes apply one after the other. */
export async function lockPayment(tx: Queryable, tenantId: string, orderId: string, part: number): Promise<StoredPayment | null> {
  const { rows } = await tx.query<PaymentRow>(
    `SELECT ${COLUMNS} FROM payments WHERE tenant_id = $1 AND order_id = $2 AND part = $3 FOR UPDATE`,
    [tenantId, orderId, part],
  );
  return rows[0] ? toStored(rows[0]) : null;
}

export interface NewPayment {
  tenantId: string;
  id: string;
  orderId: string;
  part: number;
  /**
   * 'captured' only for an authorization captured at once (capture: true; capturedAmount = amount);
   * 'voided' only for the zero-amount tombstone a void leaves when the order had no payment.
   */
  status: 'authorized' | 'captured' | 'declined' | 'voided';
  amount: number;
  capturedAmount: number;
  currency: string;
  cardBrand: string | null;
  declineReason: string | null;
  processorRef: string | null;
}

export interface PaymentChange {
  status: PaymentStatus;
  capturedAmount: number;
  refundedAmount: number;
}

/** The audit row of a money movement (payment_operations), written with the change it records. */
export interface Operation {
  kind: OperationKind;
  amount: number;
  idempotencyKey: string;
  processorRef?: string | null;
}

/**
 * One movement a write records: its audit row and its outbox event, whose payload is the payment as
 * this movement left it (`status`, `capturedAmount`; the other fields as written). A write records
 * one movement, or two for an authorization captured at once (authorize, then capture).
 */
export interface MovementRecord {
  op: Operation;
  event: EventType;
  status: PaymentStatus;
  capturedAmount: number;
}

/**
 * The tail of a payment write: from the payment row the statement's `p` step returned, the audit row
 * and the outbox event of each movement, in order, so that the change, its audit and its events are ONE
 * statement — written together or not at all, one round trip (the events drawn after the payment row
 * gave the transaction its id: outbox.ts's contract). Its parameters (movementParams) are eight arrays
 * from parameter number `first` on: per movement, the operation's kind, amount, key and processor reference,
 * the event's type and Lamport time, the status and captured amount its payload shows.
 */
const movementsOf = (first: number) => {
  const $ = (i: number) => `$${first + i}`;
  return `
  op AS (
    INSERT INTO payment_operations (tenant_id, payment_id, kind, amount, idempotency_key, processor_ref)
    SELECT p.tenant_id, p.id, m.kind, m.amount, m.key, m.ref
      FROM p, unnest(${$(0)}::text[], ${$(1)}::bigint[], ${$(2)}::text[], ${$(3)}::text[]) WITH ORDINALITY AS m(kind, amount, key, ref, n)
     ORDER BY m.n
  ), event AS (
    INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
    SELECT p.tenant_id, e.type, p.order_id, e.lamport,
           jsonb_build_object('id', p.id, 'orderId', p.order_id, 'part', p.part, 'status', e.status, 'amount', p.amount,
                              'capturedAmount', e.captured, 'refundedAmount', p.refunded_amount, 'declineReason', p.decline_reason,
                              'currency', p.currency)
      FROM p, unnest(${$(4)}::text[], ${$(5)}::bigint[], ${$(6)}::text[], ${$(7)}::bigint[]) WITH ORDINALITY AS e(type, lamport, status, captured, n)
     WHERE pg_current_xact_id() IS NOT NULL
     ORDER BY e.n
  )`;
};

const movementParams = (movements: readonly MovementRecord[]) => [
  movements.map((m) => m.op.kind),
  movements.map((m) => m.op.amount),
  movements.map((m) => m.op.idempotencyKey),
  movements.map((m) => m.op.processorRef ?? null),
  movements.map((m) => m.event),
  movements.map(() => lamport.tick()),
  movements.map((m) => m.status),
  movements.map((m) => m.capturedAmount),
];

/**
 * Inserts the payment of an order's card part with the audit rows and events of its movements (one
 * statement); `payment` null — and nothing written — when that part already has one (UNIQUE (order_id,
 * tenant_id, part)). With `completion`, the same statement completes the request's idempotency key, only
 * if the payment was written (`keyCompleted`: whether it did).
 */
export async function insertPayment(
  db: Queryable,
  p: NewPayment,
  movements: readonly MovementRecord[],
  completion?: KeyCompletion,
): Promise<{ payment: StoredPayment | null; keyCompleted: boolean }> {
  const { rows } = await db.query<PaymentRow & { key_completed: boolean }>(
    `WITH p AS (
       INSERT INTO payments (tenant_id, id, order_id, status, amount, captured_amount, currency, card_brand, decline_reason, processor_ref, part)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (order_id, tenant_id, part) DO NOTHING
       RETURNING tenant_id, ${COLUMNS}
     ), ${movementsOf(12)}${completion ? `, ${completion.cte(20, 'EXISTS (SELECT 1 FROM p)')}` : ''}
     SELECT ${COLUMNS}, ${completion ? 'EXISTS (SELECT 1 FROM completed)' : 'false'} AS key_completed FROM p`,
    [
      p.tenantId,
      p.id,
      p.orderId,
      p.status,
      p.amount,
      p.capturedAmount,
      p.currency,
      p.cardBrand,
      p.declineReason,
      p.processorRef,
      p.part,
      ...movementParams(movements),
      ...(completion?.values ?? []),
    ],
  );
  const row = rows[0];
  return row ? { payment: toStored(row), keyCompleted: row.key_completed } : { payment: null, keyCompleted: false };
}

/** Changes a payment (locked by the caller) with its audit row and its event, in one statement. */
export async function updatePayment(
  tx: Queryable,
  tenantId: string,
  id: string,
  change: PaymentChange,
  op: Operation,
  event: EventType,
): Promise<StoredPayment> {
  const { rows } = await tx.query<PaymentRow>(
    `WITH p AS (
       UPDATE payments SET status = $3, captured_amount = $4, refunded_amount = $5, updated_at = now()
        WHERE tenant_id = $1 AND id = $2
        RETURNING tenant_id, ${COLUMNS}
     ), ${movementsOf(6)}
     SELECT ${COLUMNS} FROM p`,
    [
      tenantId,
      id,
      change.status,
      change.capturedAmount,
      change.refundedAmount,
      ...movementParams([{ op, event, status: change.status, capturedAmount: change.capturedAmount }]),
    ],
  );
  if (!rows[0]) throw new Error(`payment ${id} vanished inside its transaction`);
  return toStored(rows[0]);
}
