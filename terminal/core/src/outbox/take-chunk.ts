/** Taking a chunk of the outbox to send. */
import Dexie from 'dexie';
import type { TillDatabase } from '../db/till-database.ts';
import type { OutboxRecord } from './outbox-record.ts';

export interface Chunk {
  /** The records taken, in seq order, now 'sending' with one more attempt. */
  sent: OutboxRecord[];
  /** How many stay queued behind them; null when not counted (the caller's estimate holds). */
  rest: number | null;
}

/**
 * The next `size` queued records in seq order (from seq `from` on; null: from the lowest), moved to
 * 'sending' — read and written in ONE transaction, so no other path can move one in between. `rest`
 * is how many stay queued, counted (O(queue)) only when the caller's running estimate cannot be
 * right: on the first chunk and when a chunk is bigger than the estimate (records were made
 * meanwhile); a short chunk means none are left.
 */
export async function takeChunk(db: TillDatabase, size: number, queuedEstimate: number, from: number | null): Promise<Chunk> {
  const at = new Date().toISOString();
  return db.transaction('rw', db.sales, async () => {
    const rows = await db.sales
      .where('[status+seq]')
      .between(['queued', from ?? Dexie.minKey], ['queued', Dexie.maxKey], true, true)
      .limit(size)
      .toArray();
    if (rows.length === 0) return { sent: [], rest: 0 };
    const sent = rows.map((row): OutboxRecord => ({ ...row, status: 'sending', attempts: row.attempts + 1, updatedAt: at }));
    await db.sales.bulkPut(sent);
    if (rows.length < size) return { sent, rest: 0 };
    if (rows.length <= queuedEstimate) return { sent, rest: null };
    return { sent, rest: await db.sales.where('status').equals('queued').count() };
  });
}
