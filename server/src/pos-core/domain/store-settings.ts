/** The store's settings (`GET / PUT /v1/store/settings`); a store that never saved any has the defaults. */
import { DEFAULT_STORE_SETTINGS, type StoreSettings, type StoreSettingsUpdate } from '@pos/shared/store-settings';
import type { Queryable } from '../../common/db.ts';

export interface SettingsRow {
  till_silent_after_seconds: number;
  prices_include_tax: boolean;
  cash_rounding_increment: number;
  discount_cap_percent: number;
  parked_cart_expiry_minutes: number | null;
  offline_refund_limit: number;
  shift_close_tolerance: number;
}

/** The columns of a `store_settings` row, as toStoreSettings reads them. */
export const SETTINGS_COLUMNS = `till_silent_after_seconds, prices_include_tax, cash_rounding_increment, discount_cap_percent, parked_cart_expiry_minutes,
            offline_refund_limit, shift_close_tolerance`;

/** A store's settings from its row; no row (a store that never saved any): the defaults. */
export function toStoreSettings(row: SettingsRow | null | undefined): StoreSettings {
  if (!row) return DEFAULT_STORE_SETTINGS;
  return {
    tillSilentAfterSeconds: row.till_silent_after_seconds,
    pricesIncludeTax: row.prices_include_tax,
    cashRoundingIncrement: row.cash_rounding_increment,
    discountCapPercent: row.discount_cap_percent,
    parkedCartExpiryMinutes: row.parked_cart_expiry_minutes ?? DEFAULT_STORE_SETTINGS.parkedCartExpiryMinutes,
    offlineRefundLimit: Number(row.offline_refund_limit),
    shiftCloseTolerance: Number(row.shift_close_tolerance),
  };
}

export async function readStoreSettings(db: Queryable, tenantId: string): Promise<StoreSettings> {
  const { rows } = await db.query<SettingsRow>(`SELECT ${SETTINGS_COLUMNS} FROM store_settings WHERE tenant_id = $1`, [tenantId]);
  return toStoreSettings(rows[0]);
}

/** Applies an update (the fields it leaves out keep their value) and answers the settings now in force. */
export async function writeStoreSettings(db: Queryable, tenantId: string, update: StoreSettingsUpdate): Promise<StoreSettings> {
  const settings: StoreSettings = { ...(await readStoreSettings(db, tenantId)), ...update };
  await db.query(
    `INSERT INTO store_settings (tenant_id, till_silent_after_seconds, prices_include_tax, cash_rounding_increment, discount_cap_percent, parked_cart_expiry_minutes,
                                 offline_refund_limit, shift_close_tolerance)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id) DO UPDATE SET till_silent_after_seconds = EXCLUDED.till_silent_after_seconds,
       prices_include_tax = EXCLUDED.prices_include_tax, cash_rounding_increment = EXCLUDED.cash_rounding_increment,
       discount_cap_percent = EXCLUDED.discount_cap_percent, parked_cart_expiry_minutes = EXCLUDED.parked_cart_expiry_minutes,
       offline_refund_limit = EXCLUDED.offline_refund_limit, shift_close_tolerance = EXCLUDED.shift_close_tolerance`,
    [
      tenantId,
      settings.tillSilentAfterSeconds,
      settings.pricesIncludeTax,
      settings.cashRoundingIncrement,
      settings.discountCapPercent,
      settings.parkedCartExpiryMinutes,
      settings.offlineRefundLimit,
      settings.shiftCloseTolerance,
    ],
  );
  return readStoreSettings(db, tenantId);
}
