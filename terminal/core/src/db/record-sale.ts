/**
 * Records a sale: the sale, its outbox status and its per-till sequence number are written in ONE
 * read-write transaction over `sales` + `meta`, so a sale never exists without its number and a
 * number is never handed out twice (IndexedDB serialises overlapping rw transactions, across
 * windows too). If building the order throws (it validates), nothing is written and no number is used.
 */
import type { OrderSubmission } from '@pos/shared/order';
import { getMetaValues, putMetaValues } from './meta.ts';
import type { PaymentKind, SaleRecord, TillDatabase } from './till-database.ts';

export interface SaleNumbers {
  seq: number;
  lamport: number;
}

export interface NewSale {
  kind: PaymentKind;
  /** 'queued' for the batch engine (cash); 'sending' when the caller submits it itself (card). */
  status: 'queued' | 'sending';
  lineNames: string[];
  /** Builds (and validates) the order with the numbers assigned inside the transaction. Must be synchronous. */
  build: (numbers: SaleNumbers) => OrderSubmission;
  now?: Date;
}

export async function recordSale(db: TillDatabase, sale: NewSale): Promise<SaleRecord> {
  return db.transaction('rw', db.sales, db.meta, async () => {
    // Both counters in one read and one write (the transaction's only requests besides the sale itself).
    const counters = await getMetaValues(db, ['nextSeq', 'lamport']);
    const seq = counters.nextSeq ?? 1;
    const lamport = (counters.lamport ?? 0) + 1;
    const order = sale.build({ seq, lamport });
    if (order.seq !== seq || order.lamport !== lamport) throw new Error('recordSale: the order must carry the assigned seq and lamport');
    const at = (sale.now ?? new Date()).toISOString();
    const record: SaleRecord = {
      id: order.id,
      seq,
      status: sale.status,
      kind: sale.kind,
      order,
      lineNames: sale.lineNames,
      reason: null,
      lastError: null,
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      resolvedAt: null,
    };
    await Promise.all([db.sales.add(record), putMetaValues(db, { nextSeq: seq + 1, lamport })]);
    return record;
  });
}
