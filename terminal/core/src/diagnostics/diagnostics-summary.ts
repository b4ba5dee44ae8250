/**
 * What the diagnostics panel shows of the till's queue (issue #19 §6), read from its database:
 * how many sales the server has not acknowledged yet and how old the oldest is, the highest sequence
 * number of this till the server acknowledged, the till's Lamport time, and the sales it refused
 * (needs attention) with their reasons. Cheap at any queue length: index counts and first/last lookups.
 */
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { countSales } from '../outbox/count-sales.ts';
import { oldestUnsentSaleAt } from '../outbox/oldest-unsent-sale.ts';
import { lastAcknowledgedSeq, recordsNeedingAttention } from '../outbox/read-sales.ts';
import { maskCardLike } from './till-journal.ts';

export interface RejectedSale {
  orderId: string;
  seq: number;
  reason: string;
}

export interface DiagnosticsSummary {
  unsynced: number;
  /** When the oldest unsynced sale was made (the till's clock), and how long ago that was at `now`. */
  oldestUnsyncedAt: string | null;
  oldestUnsyncedAgeMs: number | null;
  lastAckedSeq: number | null;
  lamport: number;
  rejected: RejectedSale[];
}

export const REJECTED_SHOWN = 100;

export async function readDiagnosticsSummary(db: TillDatabase, terminalId: string, now: Date = new Date()): Promise<DiagnosticsSummary> {
  const [counts, oldest, lamport, lastAcked, rejected] = await Promise.all([
    countSales(db),
    oldestUnsentSaleAt(db),
    getMeta(db, 'lamport'),
    lastAcknowledgedSeq(db, terminalId),
    recordsNeedingAttention(db, REJECTED_SHOWN),
  ]);
  return {
    unsynced: counts.queued + counts.sending,
    oldestUnsyncedAt: oldest,
    oldestUnsyncedAgeMs: oldest ? Math.max(0, now.getTime() - Date.parse(oldest)) : null,
    lastAckedSeq: lastAcked,
    lamport: lamport ?? 0,
    rejected: rejected.map((s) => ({
      orderId: s.id,
      seq: s.seq,
      reason: maskCardLike(s.reason ?? s.lastError ?? 'refused').slice(0, 200),
    })),
  };
}
