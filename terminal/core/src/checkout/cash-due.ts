import { cashRoundingAdjustment } from '@pos/shared/pricing/cash-rounding';
import { LEGACY_PRICING, type PricingSettings } from '@pos/shared/pricing/pricing-settings';

/** What a customer paying the whole `total` in cash pays: the total rounded to the store's cash increment. */
export function cashDue(total: number, pricing: PricingSettings = LEGACY_PRICING): number {
  return total + cashRoundingAdjustment(total, 0, true, pricing.cashRoundingIncrement);
}
