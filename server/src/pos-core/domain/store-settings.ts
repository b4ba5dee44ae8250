/** The store's settings (`GET / PUT /v1/store/settings`); a store that never saved any has the defaults. */
import { DEFAULT_STORE_SETTINGS, type StoreSettings } from '@pos/shared/store-settings';
import type { Queryable } from '../../common/db.ts';

export async function readStoreSettings(db: Queryable, tenantId: string): Promise<StoreSettings> {
  const { rows } = await db.query<{ till_silent_after_seconds: number; offline_refund_limit: number }>(
    'SELECT till_silent_after_seconds, offline_refund_limit FROM store_settings WHERE tenant_id = $1',
    [tenantId],
  );
  const row = rows[0];
  return row
    ? { tillSilentAfterSeconds: row.till_silent_after_seconds, offlineRefundLimit: row.offline_refund_limit }
    : DEFAULT_STORE_SETTINGS;
}

export async function writeStoreSettings(db: Queryable, tenantId: string, settings: StoreSettings): Promise<StoreSettings> {
  await db.query(
    `INSERT INTO store_settings (tenant_id, till_silent_after_seconds, offline_refund_limit) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET till_silent_after_seconds = EXCLUDED.till_silent_after_seconds,
       offline_refund_limit = EXCLUDED.offline_refund_limit`,
    [tenantId, settings.tillSilentAfterSeconds, settings.offlineRefundLimit],
  );
  return settings;
}
