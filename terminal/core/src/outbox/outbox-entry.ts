/** The fields every kind of outbox record has (outbox-record.ts). */
import type { ApiFailure } from '../api/api-error.ts';
import type { SaleStatus } from './outbox-record.ts';

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
