/**
 * Applies one page of Inventory's catalogue delta: upserts products, deletes tombstones and stores the
 * cursor, price-list version and sync time in the SAME transaction, so the stored cursor always
 * describes exactly the products stored (a crash mid-page simply refetches the page).
 */
import type { CatalogDelta } from '@pos/shared/product';
import { nameWords } from '../catalog/name-words.ts';
import { putMeta } from './meta.ts';
import type { StoredProduct, TillDatabase } from './till-database.ts';

const OBSERVABLE_WRITE = 49;

export async function applyCatalogDelta(db: TillDatabase, delta: CatalogDelta, now: Date = new Date()): Promise<void> {
  const products: StoredProduct[] = delta.products.map((p) => ({ ...p, words: nameWords(p.name) }));
  await db.transaction('rw', db.products, db.meta, async () => {
    // In writes of fewer than 50 rows Dexie names the changed keys to observers (the ProductCatalog of
    // every window then re-reads just those products); a larger write is reported as "everything
    // changed", which makes every window reload the whole catalogue. Same transaction either way.
    for (let i = 0; i < products.length; i += OBSERVABLE_WRITE) await db.products.bulkPut(products.slice(i, i + OBSERVABLE_WRITE));
    if (delta.deleted.length > 0) await db.products.bulkDelete(delta.deleted);
    await putMeta(db, 'catalogCursor', delta.cursor);
    await putMeta(db, 'priceListVersion', delta.priceListVersion);
    await putMeta(db, 'catalogSyncedAt', now.toISOString());
  });
}
