/** What the pending poll reads: records the server has recorded but not finished (202 pending). */
import type { TillDatabase } from '../db/till-database.ts';
import type { OutboxRecord } from './outbox-record.ts';

/** Up to `limit` pending records. */
export async function pendingRecords(db: TillDatabase, limit: number): Promise<OutboxRecord[]> {
  return db.sales.where('status').equals('pending').limit(limit).toArray();
}

/** Whether the record with this id is held as pending (an SSE event named it). */
export async function isPending(db: TillDatabase, id: string): Promise<boolean> {
  return (await db.sales.get(id))?.status === 'pending';
}
