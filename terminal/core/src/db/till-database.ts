/**
 * The till's own database (IndexedDB through Dexie), one per terminal id. It is the source of truth
 * for everything the till sold: a sale exists on this till from the moment `recordSale` commits,
 * whatever the network does afterwards.
 *
 * SCHEMA UPGRADES: a new `version(n)` may add tables and indexes, and may add fields to sales with an
 * `upgrade()` that only ADDS. It must never drop the `sales` table, clear it, or rewrite an unsynced
 * sale's `order` payload or `id` (the id is the order's idempotency key at POS Core, G1/G6). Nothing in
 * this code caps, evicts or deletes sales: the outbox only grows until the server has them. The one
 * way sales leave is `resetTill`, which refuses while any sale is not final at the server.
 *
 * Versions:
 *   1  products, sales (`&seq`: unique per database), meta.
 *   2  `seq` is no longer unique: sales imported from another till (transfer/) keep their own
 *      terminal's numbers, which may equal this till's. Index change only — no row is touched.
 */

import type { OrderSubmission } from '@pos/shared/order';
import type { Product } from '@pos/shared/product';
import Dexie, { type EntityTable } from 'dexie';
import type { ApiFailure } from '../api/api-error.ts';

/**
 * A sale's place in the outbox state machine (DESIGN §3):
 *   queued ─send─▶ sending ─▶ confirmed | pending ─▶ confirmed | declined | rejected | cancelled
 *     ▲              │ network error, 409, 429, 5xx → back to queued (same id)
 *     └──────────────┘ 400/422 → needs_attention (kept, shown with the reason)
 */
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
/** Statuses only the server can end; a sale in one of them never changes again. */
export const SERVER_FINAL_STATUSES: readonly SaleStatus[] = ['confirmed', 'declined', 'rejected', 'cancelled'];

export type PaymentKind = 'cash' | 'card';

export interface SaleRecord {
  /** The order id (uuid v7), made by the till; also its Idempotency-Key. Never changes. */
  id: string;
  /** Per-till sequence number, 1, 2, 3…, never reused by its till. Equal to `order.seq` (of `order.terminalId`). */
  seq: number;
  status: SaleStatus;
  kind: PaymentKind;
  /** The exact payload sent to POS Core, byte-for-byte the same on every retry. */
  order: OrderSubmission;
  /** Product names at the time of the sale, per line (for history and receipts). */
  lineNames: string[];
  /** Why the server declined/rejected/cancelled it (its reason code, e.g. "card_declined"), or why it needs attention. */
  reason: string | null;
  /** The last failed attempt in words for diagnostics (e.g. "network: Failed to fetch"); null once answered. */
  lastError: string | null;
  /** The same failure as the HTTP boundary classified it — what the cashier's sentence is chosen from. Absent on older rows. */
  lastFailure?: ApiFailure | null;
  /**
   * True once an attempt to send this sale found POS Core unreachable. For a cash sale: it was in fact
   * made in an outage, even when the till still believed it was online when recording it (its
   * `order.captureMode` is fixed at that moment and never rewritten).
   */
  sentOffline?: boolean;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Set when the sale was imported from another till's export file (it keeps its id, terminal and seq). */
  importedAt?: string;
}

/** A catalogue product as cached on the till, with the lower-cased words of its name (multi-entry index). */
export interface StoredProduct extends Product {
  words: string[];
}

/** Key/value settings of the till; see `meta.ts` for the typed keys. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

export class TillDatabase extends Dexie {
  declare products: EntityTable<StoredProduct, 'id'>;
  declare sales: EntityTable<SaleRecord, 'id'>;
  declare meta: EntityTable<MetaRecord, 'key'>;

  constructor(terminalId: string) {
    super(`till-${terminalId}`);
    this.version(1).stores({
      products: 'id, sku, barcode, *words, category',
      sales: 'id, &seq, status, [status+seq], createdAt',
      meta: 'key',
    });
    this.version(2).stores({ sales: 'id, seq, status, [status+seq], createdAt' });
  }
}
