/**
 * "Reset till" / "Sign out": empties the till's local copy — but only when every sale it holds is
 * final at the server (G6). A sale that is queued, sending, pending or needs attention exists nowhere
 * else for sure, so while any does the reset is refused with the counts (export them first, or wait).
 *
 * What survives a reset: the sequence counter and Lamport clock — the next sale continues the
 * numbering, so a seq is never reused by this terminal — and the till's pairing (its credential).
 */
import { countSales } from './count-sales.ts';
import type { MetaKey } from './meta.ts';
import type { SaleStatus, TillDatabase } from './till-database.ts';

const UNSYNCED: readonly SaleStatus[] = ['queued', 'sending', 'pending', 'needs_attention'];
/** What the catalogue copy and the sync history consist of in `meta`; every other key (numbering, pairing) stays. */
const ERASED_META: readonly MetaKey[] = ['catalogCursor', 'priceListVersion', 'catalogSyncedAt', 'lastSyncAt'];

export class ResetRefused extends Error {
  override name = 'ResetRefused';
  constructor(readonly unsynced: Partial<Record<SaleStatus, number>>) {
    const parts = Object.entries(unsynced).map(([status, n]) => `${n} ${status.replace('_', ' ')}`);
    super(
      `The till still holds sales the server has not finished (${parts.join(', ')}). Wait until they are synced, or export them first.`,
    );
  }
}

export async function resetTill(db: TillDatabase): Promise<void> {
  await db.transaction('rw', db.sales, db.products, db.meta, async () => {
    const counts = await countSales(db);
    const unsynced = Object.fromEntries(UNSYNCED.filter((s) => counts[s] > 0).map((s) => [s, counts[s]]));
    if (Object.keys(unsynced).length > 0) throw new ResetRefused(unsynced);
    await Promise.all([db.sales.clear(), db.products.clear(), db.meta.bulkDelete([...ERASED_META])]);
  });
}
