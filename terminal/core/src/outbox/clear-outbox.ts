/** Emptying the outbox (the till reset, G6): only when the server holds every record as final. */
import type { TillDatabase } from '../db/till-database.ts';
import { countSales } from './count-sales.ts';
import { type SaleStatus, UNSYNCED_STATUSES } from './outbox-record.ts';

/**
 * Deletes every record — or, when any is not final at the server (it exists nowhere else for sure),
 * deletes nothing and answers the counts of those per status. Run it inside the caller's transaction
 * to make the check and the clear one step with whatever else the caller erases.
 */
export async function clearOutboxIfSynced(db: TillDatabase): Promise<Partial<Record<SaleStatus, number>> | null> {
  return db.transaction('rw', db.sales, async () => {
    const counts = await countSales(db);
    const unsynced = Object.fromEntries(UNSYNCED_STATUSES.filter((s) => counts[s] > 0).map((s) => [s, counts[s]]));
    if (Object.keys(unsynced).length > 0) return unsynced;
    await db.sales.clear();
    return null;
  });
}
