import { getMeta } from '@pos/till-core/database';
import { useTill } from '../till-context.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { useNow } from '../use-now.ts';
import { useStore } from '../use-store.ts';

const STALE_AFTER_MS = 60_000;

/** How old the till's catalogue copy is (G5); flagged stale when old or Inventory is unreachable. */
export function CatalogAge() {
  const till = useTill();
  const syncedAt = useLiveQuery(() => getMeta(till.db, 'catalogSyncedAt'), [till.db], undefined);
  const inventory = useStore(till.inventoryReachability);
  const now = useNow(5_000);
  const stale = !syncedAt || now - Date.parse(syncedAt) > STALE_AFTER_MS || inventory.state === 'offline';
  return (
    <span className={stale ? 'catalog-age stale' : 'catalog-age'} data-testid="catalog-age" data-stale={String(stale)}>
      {syncedAt ? `Catalogue as of ${new Date(syncedAt).toLocaleTimeString()}` : 'No catalogue yet'}
    </span>
  );
}
