/**
 * "Export diagnostics" (issue #19 §6): the till's journal, its recent request ids and a summary of its
 * queue as one JSON file in the shared bundle format (@pos/shared/diagnostics), which `pnpm trace
 * <orderId> --till <file>` merges with the services' logs. Each sale of the last `SALES_IN_BUNDLE` adds
 * a "sale recorded" entry with its own Lamport time, so a trace starts where the sale did.
 * No card data: no order payload is included (a sale's card token stays on the till), and the bundle
 * is checked against the schema before it is written.
 */
import { DIAGNOSTICS_FORMAT, type DiagnosticsBundle, diagnosticsBundle, type TillLogEntry } from '@pos/shared/diagnostics';
import type { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { readDiagnosticsSummary } from './diagnostics-summary.ts';
import type { TillJournal } from './till-journal.ts';

export const SALES_IN_BUNDLE = 1_000;

export async function buildDiagnosticsBundle(
  db: TillDatabase,
  journal: TillJournal,
  terminalId: string,
  now: Date = new Date(),
): Promise<DiagnosticsBundle> {
  const summary = await readDiagnosticsSummary(db, terminalId, now);
  const sales = await db.sales.orderBy('createdAt').reverse().limit(SALES_IN_BUNDLE).toArray();
  const recorded: TillLogEntry[] = sales.map((s) => ({
    time: s.createdAt,
    lamport: isSale(s) ? s.order.lamport : s.payload.lamport,
    event: isSale(s) ? 'sale recorded' : `${s.entry} recorded`,
    orderId: s.id,
    seq: s.seq,
    detail: `${isSale(s) ? s.kind : s.entry}, now ${s.status}`,
  }));
  const log = [...recorded, ...journal.entries].sort((a, b) => a.lamport - b.lamport);
  return diagnosticsBundle.parse({
    format: DIAGNOSTICS_FORMAT,
    exportedAt: now.toISOString(),
    terminalId,
    summary: {
      unsynced: summary.unsynced,
      oldestUnsyncedAgeMs: summary.oldestUnsyncedAgeMs,
      lastAckedSeq: summary.lastAckedSeq,
      lamport: summary.lamport,
    },
    recentRequestIds: journal.recentRequests.map((r) => r.requestId),
    rejected: summary.rejected,
    log,
  });
}
