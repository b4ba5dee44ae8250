/**
 * Importing records another till exported (transfer/): each keeps its original id, terminalId and
 * seq and is queued for the same batch path as the till's own; POS Core dedupes by id, so importing
 * a record anywhere, any number of times, never creates a duplicate (G1). Locally, an id already
 * present is skipped — whatever its status here — so a re-import changes nothing.
 *
 * One transaction: either every record is taken or none is. Records numbered by THIS terminal move
 * its sequence counter past them, so it never hands out one of their numbers again.
 */
import type { TillDatabase } from '../db/till-database.ts';
import { advanceNextSeq } from './advance-seq.ts';
import type { SaleRecord } from './outbox-record.ts';

/** A record as another till exported it: what its sender needs, without this till's sending state. */
export type ImportedSale = Pick<SaleRecord, 'kind' | 'order' | 'lineNames'>;

export interface ImportResult {
  imported: number;
  /** Records whose id this till already held. */
  skipped: number;
}

export async function importRecords(
  db: TillDatabase,
  ownTerminalId: string,
  sales: readonly ImportedSale[],
  now: Date = new Date(),
): Promise<ImportResult> {
  const at = now.toISOString();
  return db.transaction('rw', db.sales, db.meta, async () => {
    const existing = await db.sales.bulkGet(sales.map((s) => s.order.id));
    const present = new Set(existing.filter((r) => r !== undefined).map((r) => r.id));
    const fresh: SaleRecord[] = [];
    for (const sale of sales) {
      if (present.has(sale.order.id)) continue;
      present.add(sale.order.id);
      fresh.push({
        id: sale.order.id,
        seq: sale.order.seq,
        entry: 'sale',
        status: 'queued',
        kind: sale.kind,
        order: sale.order,
        lineNames: sale.lineNames,
        reason: null,
        lastError: null,
        attempts: 0,
        createdAt: sale.order.createdAt,
        updatedAt: at,
        resolvedAt: null,
        importedAt: at,
      });
    }
    if (fresh.length > 0) await db.sales.bulkAdd(fresh);
    const ownSeqs = fresh.filter((s) => s.order.terminalId === ownTerminalId).map((s) => s.seq);
    if (ownSeqs.length > 0) await advanceNextSeq(db, Math.max(...ownSeqs));
    return { imported: fresh.length, skipped: sales.length - fresh.length };
  });
}
