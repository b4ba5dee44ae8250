/** A store (tenant) as POS Core knows it: created by the platform operator, read by its tills and manager. */
import { z } from 'zod';
import { currency } from './order.ts';
import { pricingSettings } from './pricing/pricing-settings.ts';

export const storeId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"');

/** `POST /v1/stores` (operator): the store's name, optionally its id, and the currency it sells in. */
export const createStoreRequest = z.strictObject({ name: z.string().trim().min(1).max(200), storeId: storeId.optional(), currency });
export type CreateStoreRequest = z.infer<typeof createStoreRequest>;

/**
 * `GET /v1/store` (the store's tills and manager): what a till needs to know about its store. Every
 * price of the store's catalogue and every order its tills record is in `currency` (minor units).
 */
export const storeProfile = z.object({
  storeId,
  name: z.string(),
  currency,
  /** The store's pricing rules and discount cap, which the till prices its sales with; absent from older servers. */
  pricing: pricingSettings.extend({ discountCapPercent: z.number().int().min(0).max(100) }).optional(),
  /** The store's setting (store-settings.ts) its tills apply to parked carts; absent from older servers. */
  parkedCartExpiryMinutes: z.number().int().positive().optional(),
  /** The most a till may refund in cash for one refund while offline (store settings; minor units). */
  offlineRefundLimit: z.number().int().min(0).optional(),
  /** The cash difference a shift may close with without a manager's override (store settings; minor units); absent from older servers. */
  shiftCloseTolerance: z.number().int().min(0).optional(),
});
export type StoreProfile = z.infer<typeof storeProfile>;
