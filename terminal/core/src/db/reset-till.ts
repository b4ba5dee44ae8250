/**
 * "Reset till" / "Sign out": empties the till's local copy — but only when every sale it holds is
 * final at the server (G6). A sale that is queued, sending, pending or needs attention exists nowhere
 * else for sure, so while any does the reset is refused with the counts (export them first, or wait).
 *
 * What survives a reset: the sequence counter and Lamport clock — the next sale continues the
 * numbering, so a seq is never reused by this terminal — and the till's pairing (its credential).
 */
import { clearOutboxIfSynced } from '../outbox/clear-outbox.ts';
import type { SaleStatus } from '../outbox/outbox-record.ts';
import type { MetaKey } from './meta.ts';
import type { TillDatabase } from './till-database.ts';

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
    const unsynced = await clearOutboxIfSynced(db);
    if (unsynced) throw new ResetRefused(unsynced);
    await Promise.all([db.products.clear(), db.meta.bulkDelete([...ERASED_META])]);
  });
}
