/**
 * Settling: status changes of outbox records (any kind). One rule guards them all: a record the
 * server has finished (confirmed, declined, rejected, cancelled) never changes again, whichever
 * window or path (batch engine, card checkout, poll, SSE) reports later — so the till never shows a
 * stale lie (G4). "Putting back" a record that was being sent is settling it to 'queued' from 'sending'.
 */
import { type ApiFailure, describeFailure } from '../api/api-error.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { type OutboxRecord, type SaleStatus, SERVER_FINAL_STATUSES } from './outbox-record.ts';

export interface SaleChange {
  status: SaleStatus;
  reason?: string | null;
  /** The failed attempt that led to this change, or null when the server answered (clears the last one). */
  failure?: ApiFailure | null;
}

/** Applies `change` to each sale still in one of `from` (or any non-final status when omitted). Returns how many changed. */
export async function settleSales(
  db: TillDatabase,
  changes: ReadonlyMap<string, SaleChange>,
  from?: readonly SaleStatus[],
  now: Date = new Date(),
): Promise<number> {
  if (changes.size === 0) return 0;
  const at = now.toISOString();
  // One read and one write for the whole set (not a get + put per row): a batch answer of 500 settles in one go.
  return db.transaction('rw', db.sales, async () => {
    const rows = await db.sales.bulkGet([...changes.keys()]);
    const changed: OutboxRecord[] = [];
    for (const row of rows) {
      if (!row || SERVER_FINAL_STATUSES.includes(row.status)) continue;
      if (from && !from.includes(row.status)) continue;
      const change = changes.get(row.id)!;
      const final = SERVER_FINAL_STATUSES.includes(change.status);
      changed.push({
        ...row,
        status: change.status,
        ...(change.reason !== undefined ? { reason: change.reason } : {}),
        ...(change.failure !== undefined
          ? { lastError: change.failure && describeFailure(change.failure), lastFailure: change.failure }
          : {}),
        ...(change.failure?.kind === 'network' ? { sentOffline: true } : {}),
        updatedAt: at,
        resolvedAt: final ? at : row.resolvedAt,
      });
    }
    if (changed.length > 0) await db.sales.bulkPut(changed);
    return changed.length;
  });
}

export async function settleSale(db: TillDatabase, id: string, change: SaleChange, from?: readonly SaleStatus[]): Promise<boolean> {
  return (await settleSales(db, new Map([[id, change]]), from)) > 0;
}
