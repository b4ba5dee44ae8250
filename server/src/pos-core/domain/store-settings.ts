/** The store's settings (`GET / PUT /v1/store/settings`); a store that never saved any has the defaults. */
import { DEFAULT_STORE_SETTINGS, type StoreSettings, type StoreSettingsUpdate } from '@pos/shared/store-settings';
import { type Pool, type Queryable, withTransaction } from '../../common/db.ts';
import { appendEvent } from '../../common/outbox.ts';

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

/**
 * Applies an update (the fields it leaves out keep their value) and answers the settings now in force,
 * in ONE statement: a field left out is taken from the stored row (or the default) under the row's
 * lock, so two partial updates at once each keep the other's fields.
 */
export async function writeStoreSettings(db: Queryable, tenantId: string, update: StoreSettingsUpdate): Promise<StoreSettings> {
  const d = DEFAULT_STORE_SETTINGS;
  const { rows } = await db.query<SettingsRow>(
    `INSERT INTO store_settings AS s (tenant_id, till_silent_after_seconds, prices_include_tax, cash_rounding_increment, discount_cap_percent,
                                      parked_cart_expiry_minutes, offline_refund_limit, shift_close_tolerance)
     VALUES ($1, coalesce($2::int, $9::int), coalesce($3::boolean, $10::boolean), coalesce($4::int, $11::int), coalesce($5::int, $12::int),
             coalesce($6::int, $13::int), coalesce($7::bigint, $14::bigint), coalesce($8::bigint, $15::bigint))
     ON CONFLICT (tenant_id) DO UPDATE SET
       till_silent_after_seconds = coalesce($2::int, s.till_silent_after_seconds),
       prices_include_tax = coalesce($3::boolean, s.prices_include_tax),
       cash_rounding_increment = coalesce($4::int, s.cash_rounding_increment),
       discount_cap_percent = coalesce($5::int, s.discount_cap_percent),
       parked_cart_expiry_minutes = coalesce($6::int, s.parked_cart_expiry_minutes, $13::int),
       offline_refund_limit = coalesce($7::bigint, s.offline_refund_limit),
       shift_close_tolerance = coalesce($8::bigint, s.shift_close_tolerance)
     RETURNING ${SETTINGS_COLUMNS}`,
    [
      tenantId,
      update.tillSilentAfterSeconds ?? null,
      update.pricesIncludeTax ?? null,
      update.cashRoundingIncrement ?? null,
      update.discountCapPercent ?? null,
      update.parkedCartExpiryMinutes ?? null,
      update.offlineRefundLimit ?? null,
      update.shiftCloseTolerance ?? null,
      d.tillSilentAfterSeconds,
      d.pricesIncludeTax,
      d.cashRoundingIncrement,
      d.discountCapPercent,
      d.parkedCartExpiryMinutes,
      d.offlineRefundLimit,
      d.shiftCloseTolerance,
    ],
  );
  return toStoreSettings(rows[0]);
}

/**
 * A manager's change of the settings (`PUT /v1/store/settings`): written as writeStoreSettings does, with
 * `store.settings_changed` (data: the settings now in force) in the same transaction, so every till — which
 * reads the event feed — re-reads its store profile and applies the new rules without a restart.
 */
export function changeStoreSettings(pool: Pool, tenantId: string, update: StoreSettingsUpdate): Promise<StoreSettings> {
  return withTransaction(pool, async (tx) => {
    const settings = await writeStoreSettings(tx, tenantId, update);
    await appendEvent(tx, { tenantId, type: 'store.settings_changed', correlationId: null, data: settings });
    return settings;
  });
}
