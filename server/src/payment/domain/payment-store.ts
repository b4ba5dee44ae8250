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
  /** 'voided' only for the zero-amount tombstone a void leaves when the order had no payment. */
  status: 'authorized' | 'declined' | 'voided';
  amount: number;
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
 * The tail of a payment write: from the payment row the statement's `p` step returned, its audit
 * row and its outbox event (the payment's wire view with its currency), so that the change, its
 * audit and its event are ONE statement — written together or not at all, one round trip (the
 * event drawn after the payment row gave the transaction its id: outbox.ts's contract). Its parameters
 * (auditAndEventParams) start at parameter number `first`: the operation's kind, amount, key and processor reference,
 * the event's type and Lamport time.
 */
const auditAndEvent = (first: number) => {
  const $ = (i: number) => `$${first + i}`;
  return `
  op AS (
    INSERT INTO payment_operations (tenant_id, payment_id, kind, amount, idempotency_key, processor_ref)
    SELECT tenant_id, id, ${$(0)}, ${$(1)}, ${$(2)}, ${$(3)} FROM p
  ), event AS (
    INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
    SELECT tenant_id, ${$(4)}, order_id, ${$(5)}::bigint,
           jsonb_build_object('id', id, 'orderId', order_id, 'part', part, 'status', status, 'amount', amount, 'capturedAmount', captured_amount,
                              'refundedAmount', refunded_amount, 'declineReason', decline_reason, 'currency', currency)
      FROM p WHERE pg_current_xact_id() IS NOT NULL
  )
  SELECT ${COLUMNS} FROM p`;
};

const auditAndEventParams = (op: Operation, event: EventType) => [
  op.kind,
  op.amount,
  op.idempotencyKey,
  op.processorRef ?? null,
  event,
  lamport.tick(),
];

/**
 * Inserts the payment of an order's card part with its audit row and its event (one statement); null —
 * and nothing written — when that part already has one (UNIQUE (order_id, tenant_id, part)).
 */
export async function insertPayment(tx: Queryable, p: NewPayment, op: Operation, event: EventType): Promise<StoredPayment | null> {
  const { rows } = await tx.query<PaymentRow>(
    `WITH p AS (
       INSERT INTO payments (tenant_id, id, order_id, status, amount, currency, card_brand, decline_reason, processor_ref, part)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (order_id, tenant_id, part) DO NOTHING
       RETURNING tenant_id, ${COLUMNS}
     ), ${auditAndEvent(11)}`,
    [
      p.tenantId,
      p.id,
      p.orderId,
      p.status,
      p.amount,
      p.currency,
      p.cardBrand,
      p.declineReason,
      p.processorRef,
      p.part,
      ...auditAndEventParams(op, event),
    ],
  );
  return rows[0] ? toStored(rows[0]) : null;
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
     ), ${auditAndEvent(6)}`,
    [tenantId, id, change.status, change.capturedAmount, change.refundedAmount, ...auditAndEventParams(op, event)],
  );
  if (!rows[0]) throw new Error(`payment ${id} vanished inside its transaction`);
  return toStored(rows[0]);
}
