/** The store's settings (`GET / PUT /v1/store/settings`); a store that never saved any has the defaults. */
import { DEFAULT_STORE_SETTINGS, type StoreSettings } from '@pos/shared/store-settings';
import type { Queryable } from '../../common/db.ts';

export async function readStoreSettings(db: Queryable, tenantId: string): Promise<StoreSettings> {
  const { rows } = await db.query<{ till_silent_after_seconds: number }>(
    'SELECT till_silent_after_seconds FROM store_settings WHERE tenant_id = $1',
    [tenantId],
  );
  return rows[0] ? { tillSilentAfterSeconds: rows[0].till_silent_after_seconds } : DEFAULT_STORE_SETTINGS;
}

export async function writeStoreSettings(db: Queryable, tenantId: string, settings: StoreSettings): Promise<StoreSettings> {
  await db.query(
    `INSERT INTO store_settings (tenant_id, till_silent_after_seconds) VALUES ($1, $2)
     ON CONFLICT (tenant_id) DO UPDATE SET till_silent_after_seconds = EXCLUDED.till_silent_after_seconds`,
    [tenantId, settings.tillSilentAfterSeconds],
  );
  return settings;
}
