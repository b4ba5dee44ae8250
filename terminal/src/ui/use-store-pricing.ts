/** The store's pricing rules and discount cap from the till's copy (the defaults until the till has learned them). */
import { LEGACY_PRICING, type PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { getMeta } from '@pos/till-core/database';
import { useTill } from './till-context.ts';
import { useLiveQuery } from './use-live-query.ts';

export interface StorePricing {
  pricing: PricingSettings;
  capPercent: number;
}

const UNKNOWN: StorePricing = { pricing: LEGACY_PRICING, capPercent: 100 };

export function useStorePricing(): StorePricing {
  const till = useTill();
  const stored = useLiveQuery(() => getMeta(till.db, 'storePricing'), [till.db], undefined);
  if (!stored) return UNKNOWN;
  const { pricesIncludeTax, cashRoundingIncrement, discountCapPercent } = stored;
  return { pricing: { pricesIncludeTax, cashRoundingIncrement }, capPercent: discountCapPercent };
}
