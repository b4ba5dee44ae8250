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
import type { ApiFailure } from '../api/api-error.ts';
import type { CashMovementRecord } from '../shift/cash-movement-record.ts';
import type { ShiftCloseRecord } from '../shift/shift-close-record.ts';
import type { ShiftOpenRecord } from '../shift/shift-open-record.ts';

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

/** The fields every kind of outbox record has: its place in the sequence and in the state machine. */
export interface OutboxEntry {
  /** Made by the till (uuid v7); also its Idempotency-Key. Never changes. */
  id: string;
  /** Per-till sequence number, 1, 2, 3…, never reused by its till, shared by every kind. */
  seq: number;
  status: SaleStatus;
  /** Why the server declined/rejected/cancelled it (its reason code, e.g. "card_declined"), or why it needs attention. */
  reason: string | null;
  /** The last failed attempt in words for diagnostics (e.g. "network: Failed to fetch"); null once answered. */
  lastError: string | null;
  /** The same failure as the HTTP boundary classified it — what the cashier's sentence is chosen from. Absent on older rows. */
  lastFailure?: ApiFailure | null;
  /**
   * True once an attempt to send this record found POS Core unreachable. For a cash sale: it was in
   * fact made in an outage, even when the till still believed it was online when recording it (its
   * `order.captureMode` is fixed at that moment and never rewritten).
   */
  sentOffline?: boolean;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Set when it was imported from another till's export file (it keeps its id, terminal and seq). */
  importedAt?: string;
}

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
export type OutboxRecord = SaleRecord | ShiftOpenRecord | CashMovementRecord | ShiftCloseRecord;
export type OutboxKind = NonNullable<OutboxRecord['entry']>;

export const kindOf = (record: OutboxRecord): OutboxKind => record.entry ?? 'sale';
export const isSale = (record: OutboxRecord): record is SaleRecord => kindOf(record) === 'sale';
/** The till whose sequence numbered the record (imported records keep their own till's). */
export const terminalOf = (record: OutboxRecord): string => (isSale(record) ? record.order.terminalId : record.payload.terminalId);
