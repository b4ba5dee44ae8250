/**
 * What the till's outbox holds (DESIGN §7: one outbox, one sequence): every record the store's books
 * depend on, of whatever kind, with its till-made id (its idempotency key at POS Core, G1) and the
 * next number of the till's ONE per-till sequence, in one state machine (DESIGN §3):
 *
 *   queued ─send─▶ sending ─▶ confirmed | pending ─▶ confirmed | declined | rejected | cancelled
 *     ▲              │ network error, 409, 429, 5xx → back to queued (same id)
 *     └──────────────┘ 400/422 → needs_attention (kept, shown with the reason)
 *
 * Adding a kind (a refund, a drawer event, a shift…): its record type joins `OutboxRecord` with its
 * own `entry` tag, and its sender joins OUTBOX_SENDERS (sync/outbox-senders.ts); recording it goes
 * through `recordEntry` (record-entry.ts), which hands out the number. Draining, settling, polling,
 * counting, export and import work on every kind alike.
 */
import type { OrderSubmission } from '@pos/shared/order';
import type { CashMovementRecord } from '../shift/cash-movement-record.ts';
import type { NoSaleRecord } from '../shift/no-sale-record.ts';
import type { ShiftCloseRecord } from '../shift/shift-close-record.ts';
import type { ShiftOpenRecord } from '../shift/shift-open-record.ts';
import type { OutboxEntry } from './outbox-entry.ts';
import type { OverrideRecord } from './override-record.ts';
import type { RefundRecord } from './refund-record.ts';
import type { StaffSignInRecord } from './staff-sign-in-record.ts';

export type { OutboxEntry } from './outbox-entry.ts';
export type { RefundRecord } from './refund-record.ts';

export type SaleStatus = 'queued' | 'sending' | 'pending' | 'confirmed' | 'declined' | 'rejected' | 'cancelled' | 'needs_attention';
export const SALE_STATUSES: readonly SaleStatus[] = [
  'queued',
  'sending',
  'pending',
  'confirmed',
  'declined',
  'rejected',
  'cancelled',
  'needs_attention',
];
/** Statuses only the server can end; a record in one of them never changes again. */
export const SERVER_FINAL_STATUSES: readonly SaleStatus[] = ['confirmed', 'declined', 'rejected', 'cancelled'];
/** What the server does not hold as final: kept on the till whatever happens (G6). */
export const UNSYNCED_STATUSES: readonly SaleStatus[] = ['queued', 'sending', 'pending', 'needs_attention'];

export type PaymentKind = 'cash' | 'card';

export interface SaleRecord extends OutboxEntry {
  /** The kind of outbox record; absent on rows written before kinds were named (always a sale). */
  entry?: 'sale';
  kind: PaymentKind;
  /** The exact payload sent to POS Core, byte-for-byte the same on every retry. `order.seq` equals `seq` (of `order.terminalId`). */
  order: OrderSubmission;
  /** Product names at the time of the sale, per line (for history and receipts). */
  lineNames: string[];
}

/** Every kind of record the outbox holds (a union: each new kind joins it with its own `entry` tag). */
export type OutboxRecord =
  | SaleRecord
  | RefundRecord
  | StaffSignInRecord
  | OverrideRecord
  | ShiftOpenRecord
  | CashMovementRecord
  | NoSaleRecord
  | ShiftCloseRecord;
export type OutboxKind = NonNullable<OutboxRecord['entry']>;

export const kindOf = (record: OutboxRecord): OutboxKind => record.entry ?? 'sale';

/** A sale (not a refund or another kind): the records that carry an order. */
export const isSale = (record: OutboxRecord): record is SaleRecord => kindOf(record) === 'sale';

/** The payload a record sends to POS Core: every kind's carries its terminal, seq, lamport and creation time. */
export function payloadOf(record: OutboxRecord): { terminalId: string; seq: number; lamport: number; createdAt: string } {
  switch (record.entry) {
    case 'staff-sign-in':
      return record.signIn;
    case 'override':
      return record.override;
    case 'refund':
      return record.refund;
    case 'shift-open':
    case 'cash-movement':
    case 'no-sale':
    case 'shift-close':
      return record.payload;
    default:
      return record.order;
  }
}

/** The till that made the record (its own, or another's for an imported one). */
export const terminalOf = (record: OutboxRecord): string => payloadOf(record).terminalId;

/** The record's Lamport time as the till stamped it. */
export const lamportOf = (record: OutboxRecord): number => payloadOf(record).lamport;
