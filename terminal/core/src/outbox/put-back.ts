/** Putting back what was being sent. */
import type { TillDatabase } from '../db/till-database.ts';

/**
 * Puts back every record left 'sending' by a crash, a closed window or a previous leader: they go
 * back to 'queued'. Safe because their ids are stable — a resend is deduplicated by the server (G1).
 */
export async function putBackSending(db: TillDatabase): Promise<number> {
  return db.sales.where('status').equals('sending').modify({ status: 'queued' });
}
