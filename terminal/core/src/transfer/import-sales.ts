/**
 * Imports a sales file (sales-file.ts) into this till's outbox. Each sale keeps its original id,
 * terminalId and seq and is queued for the same batch path as the till's own sales; POS Core dedupes
 * by id, so importing a file anywhere, any number of times, never creates a duplicate (G1). Locally,
 * an id already present is skipped — whatever its status here — so a re-import changes nothing.
 *
 * One transaction: either the whole file is taken or nothing is. Sales numbered by THIS terminal move
 * its sequence counter past them, so it never hands out one of their numbers again.
 */
import { advanceNextSeq } from '../db/advance-seq.ts';
import type { SaleRecord, TillDatabase } from '../db/till-database.ts';
import { salesFile } from './sales-file.ts';

export interface ImportResult {
  imported: number;
  /** Sales whose id this till already held. */
  skipped: number;
}

export class InvalidSalesFile extends Error {
  override name = 'InvalidSalesFile';
}

export function parseSalesFile(text: string): ReturnType<typeof salesFile.parse> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidSalesFile('The file is not JSON.');
  }
  const parsed = salesFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InvalidSalesFile(
      `Not a till sales file this till can read: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

export async function importSales(db: TillDatabase, ownTerminalId: string, text: string, now: Date = new Date()): Promise<ImportResult> {
  const file = parseSalesFile(text);
  const at = now.toISOString();
  return db.transaction('rw', db.sales, db.meta, async () => {
    const existing = await db.sales.bulkGet(file.sales.map((s) => s.order.id));
    const present = new Set(existing.filter((r): r is SaleRecord => r !== undefined).map((r) => r.id));
    const fresh: SaleRecord[] = [];
    for (const sale of file.sales) {
      if (present.has(sale.order.id)) continue;
      present.add(sale.order.id);
      fresh.push({
        id: sale.order.id,
        seq: sale.order.seq,
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
    return { imported: fresh.length, skipped: file.sales.length - fresh.length };
  });
}
