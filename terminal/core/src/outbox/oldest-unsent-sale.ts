/** When the oldest sale still waiting to be sent was made. */
import Dexie from 'dexie';
import type { TillDatabase } from '../db/till-database.ts';

/**
 * The creation time (ISO) of the oldest queued or sending sale, or null when none waits. Reads the first
 * entry of each status in the `[status+seq]` index (two lookups, whatever the queue length): the till's
 * own sales are numbered in the order they were made. An imported sale keeps its own till's number, so
 * with imports waiting the answer is the oldest of the first-numbered ones — close, not exact.
 */
export async function oldestUnsentSaleAt(db: TillDatabase): Promise<string | null> {
  const firsts = await Promise.all(
    (['queued', 'sending'] as const).map((status) =>
      db.sales.where('[status+seq]').between([status, Dexie.minKey], [status, Dexie.maxKey], true, true).first(),
    ),
  );
  // ISO times of one format: the earliest sorts first.
  const times = firsts
    .filter((row) => row !== undefined)
    .map((row) => row.createdAt)
    .sort();
  return times[0] ?? null;
}
