/**
 * Writes every sale the server has not finished (queued, sending, pending, needs attention) into a
 * sales file (sales-file.ts), oldest seq first. Reading only: exporting changes nothing on this till —
 * the sales stay queued here too, which is safe because the server dedupes by id.
 */
import type { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { unsyncedSales } from '../outbox/read-sales.ts';
import { SALES_FILE_FORMAT, SALES_FILE_SCHEMA_VERSION, type SalesFile } from './sales-file.ts';

export async function exportUnsyncedSales(db: TillDatabase, exportedBy: string, now: Date = new Date()): Promise<SalesFile> {
  // Sales only: a sales file carries orders. Refunds, drawer and staff records stay in this till's outbox until it sends them.
  const rows = (await unsyncedSales(db)).filter(isSale);
  rows.sort((a, b) => a.order.terminalId.localeCompare(b.order.terminalId) || a.seq - b.seq);
  return {
    format: SALES_FILE_FORMAT,
    schemaVersion: SALES_FILE_SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    exportedBy,
    sales: rows.map((r) => ({ order: r.order, kind: r.kind, lineNames: r.lineNames, status: r.status, reason: r.reason })),
  };
}

/** The download name of an export: till and time, safe for any file system. */
export const salesFileName = (file: SalesFile): string => `till-sales-${file.exportedBy}-${file.exportedAt.replace(/[:.]/g, '-')}.json`;
