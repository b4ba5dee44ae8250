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
 *   3  receiptPrints (how often each sale's receipt was printed: reprints are copies) and parkedCarts
 *      (carts put aside to serve the next customer, parked/). New tables only.
 *   4  `staff` (the store's members with their PIN hashes, staff/staff-cache.ts) and `pinAttempts`
 *      (wrong PINs and lockouts per member on this till, staff/pin-lockout.ts). New tables only.
 */

import type { Product } from '@pos/shared/product';
import type { TillStaffMember } from '@pos/shared/staff';
import Dexie, { type EntityTable } from 'dexie';
import type { OutboxRecord } from '../outbox/outbox-record.ts';
import type { ParkedCart } from '../parked/parked-cart.ts';
import type { ReceiptPrint } from '../receipt/receipt-prints.ts';

/** A catalogue product as cached on the till, with the lower-cased words of its name (multi-entry index). */
export interface StoredProduct extends Product {
  words: string[];
}

/** Key/value settings of the till; see `meta.ts` for the typed keys. */
export interface MetaRecord {
  key: string;
  value: unknown;
}

/** Wrong PINs of one staff member on this till since their last right one, and until when they are locked out. */
export interface PinAttempts {
  staffId: string;
  wrong: number;
  /** Epoch ms; null while not locked out. */
  lockedUntil: number | null;
}

export class TillDatabase extends Dexie {
  declare products: EntityTable<StoredProduct, 'id'>;
  /** The outbox (outbox/): only the outbox module reads or writes it. Named for its first kind of record. */
  declare sales: EntityTable<OutboxRecord, 'id'>;
  declare meta: EntityTable<MetaRecord, 'key'>;
  /** Only receipt/receipt-prints.ts reads or writes it. */
  declare receiptPrints: EntityTable<ReceiptPrint, 'saleId'>;
  /** Only parked/ reads or writes it. */
  declare parkedCarts: EntityTable<ParkedCart, 'id'>;
  declare staff: EntityTable<TillStaffMember, 'id'>;
  declare pinAttempts: EntityTable<PinAttempts, 'staffId'>;

  constructor(terminalId: string) {
    super(`till-${terminalId}`);
    this.version(1).stores({
      products: 'id, sku, barcode, *words, category',
      sales: 'id, &seq, status, [status+seq], createdAt',
      meta: 'key',
    });
    this.version(2).stores({ sales: 'id, seq, status, [status+seq], createdAt' });
    this.version(3).stores({ receiptPrints: 'saleId', parkedCarts: 'id, parkedAt' });
    this.version(4).stores({ staff: 'id', pinAttempts: 'staffId' });
  }
}
