/**
 * The store's pricing rules a till applies to a sale and records with it (`OrderSubmission.pricing`),
 * so POS Core can check the till's arithmetic against the rules the till used and, separately, compare
 * them with the store's current rules.
 */
import { z } from 'zod';

export const pricingSettings = z.strictObject({
  /** true: shelf prices contain the tax; false: tax is added on top of them. */
  pricesIncludeTax: z.boolean(),
  /** Cash payments are rounded half up to a multiple of this (minor units; 1 = no rounding). */
  cashRoundingIncrement: z.number().int().min(1).max(100_000),
});
export type PricingSettings = z.infer<typeof pricingSettings>;

/** What a sale that names no rules was priced with (every order before pricing existed). */
export const LEGACY_PRICING: PricingSettings = { pricesIncludeTax: true, cashRoundingIncrement: 1 };
