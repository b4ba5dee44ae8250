/**
 * Moves this till's next sequence number forward so it is above `lastUsed` — never backwards.
 * Used when the server reports a higher last seq for this terminal (its database was reset or the
 * till reinstalled) and when sales of this terminal are imported: a number is never handed out twice.
 * Resolves the next seq after the change.
 */
import { getMeta, putMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';

export async function advanceNextSeq(db: TillDatabase, lastUsed: number): Promise<number> {
  return db.transaction('rw', db.meta, async () => {
    const next = (await getMeta(db, 'nextSeq')) ?? 1;
    if (next > lastUsed) return next;
    await putMeta(db, 'nextSeq', lastUsed + 1);
    return lastUsed + 1;
  });
}
