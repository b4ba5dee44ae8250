/** `GET / PUT /v1/store/settings` (manager): the store's own settings. */
import { z } from 'zod';
import { pricingSettings } from './pricing/pricing-settings.ts';

export const storeSettings = z.strictObject({
  /** A till not heard from for longer than this stands out in the console's sync health. */
  tillSilentAfterSeconds: z
    .number()
    .int()
    .min(10)
    .max(7 * 24 * 3600),
  /** Shelf prices contain the tax (true) or tax is added on top (false). */
  pricesIncludeTax: pricingSettings.shape.pricesIncludeTax,
  /** Cash payments round half up to a multiple of this many minor units (1: no rounding). */
  cashRoundingIncrement: pricingSettings.shape.cashRoundingIncrement,
  /** The largest discount a cashier may give, in % of what it is taken from (pricing/discount-cap.ts). */
  discountCapPercent: z.number().int().min(0).max(100),
  /** A cart parked at a till (to serve the next customer) is dropped this long after it was parked, and the cashier is told. */
  parkedCartExpiryMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  /** The most a till may pay back in cash for one refund while it cannot reach POS Core (minor units; 0: no offline refunds). */
  offlineRefundLimit: z.number().int().min(0).max(100_000_000),
  /** A shift closes with a cash difference (counted − expected, either way) up to this without a manager's override (minor units). */
  shiftCloseTolerance: z.number().int().min(0).max(100_000_000),
});
export type StoreSettings = z.infer<typeof storeSettings>;

export const DEFAULT_STORE_SETTINGS: StoreSettings = {
  tillSilentAfterSeconds: 300,
  pricesIncludeTax: true,
  cashRoundingIncrement: 1,
  discountCapPercent: 100,
  parkedCartExpiryMinutes: 120,
  offlineRefundLimit: 5_000,
  shiftCloseTolerance: 500,
};

/**
 * `PUT /v1/store/settings`: the fields it names change, the ones it leaves out keep their value, so a
 * form (or a feature) that edits some settings never resets the others.
 */
export const storeSettingsUpdate = storeSettings.partial();
export type StoreSettingsUpdate = z.infer<typeof storeSettingsUpdate>;
