/** The store's settings (`GET / PUT /v1/store/settings`); a store that never saved any has the defaults. */
import { DEFAULT_STORE_SETTINGS, type StoreSettings } from '@pos/shared/store-settings';
import type { Queryable } from '../../common/db.ts';

/** Every setting, each one the store never set at its default. */
export async function readStoreSettings(db: Queryable, tenantId: string): Promise<Required<StoreSettings>> {
  const { rows } = await db.query<{ till_silent_after_seconds: number; parked_cart_expiry_minutes: number | null }>(
    'SELECT till_silent_after_seconds, parked_cart_expiry_minutes FROM store_settings WHERE tenant_id = $1',
    [tenantId],
  );
  const row = rows[0];
  if (!row) return DEFAULT_STORE_SETTINGS;
  return {
    tillSilentAfterSeconds: row.till_silent_after_seconds,
    parkedCartExpiryMinutes: row.parked_cart_expiry_minutes ?? DEFAULT_STORE_SETTINGS.parkedCartExpiryMinutes,
  };
}

/** Saves the settings given; an optional setting left out keeps its stored value. Answers every setting. */
export async function writeStoreSettings(db: Queryable, tenantId: string, settings: StoreSettings): Promise<Required<StoreSettings>> {
  await db.query(
    `INSERT INTO store_settings (tenant_id, till_silent_after_seconds, parked_cart_expiry_minutes) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id) DO UPDATE SET till_silent_after_seconds = EXCLUDED.till_silent_after_seconds,
       parked_cart_expiry_minutes = COALESCE(EXCLUDED.parked_cart_expiry_minutes, store_settings.parked_cart_expiry_minutes)`,
    [tenantId, settings.tillSilentAfterSeconds, settings.parkedCartExpiryMinutes ?? null],
  );
  return readStoreSettings(db, tenantId);
}
