/**
 * The till's pricing against the store's current rules (issue #18): a sale is a fact the till
 * recorded, so it is kept as the till priced it (its discounts, the rules it applied, its total —
 * whose arithmetic order-rules.ts has already checked). POS Core prices the same order again with the
 * store's rules and discount cap, using the same shared code, and when anything differs records ONE
 * `order.pricing_mismatch` event with both sides' figures, in the transaction that records the order.
 */
import type { OrderSubmission } from '@pos/shared/order';
import { type DiscountOverCap, discountsOverCap } from '@pos/shared/pricing/discount-cap';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import { LEGACY_PRICING, type PricingSettings } from '@pos/shared/pricing/pricing-settings';
import type { StoreSettings } from '@pos/shared/store-settings';

interface PricedFigures {
  rules: PricingSettings;
  total: number;
  tax: number;
  discount: number;
  cashRounding: number;
}

/** The `order.pricing_mismatch` event's data. */
export interface PricingMismatch {
  till: PricedFigures;
  store: PricedFigures;
  /** Discounts above the cashier's cap (discount-cap.ts). */
  overCap: DiscountOverCap[];
}

/** Null when the store's rules price the order exactly as the till did and every discount is within the cap. */
export function checkPricing(order: OrderSubmission, store: StoreSettings): PricingMismatch | null {
  const tillRules = order.pricing ?? LEGACY_PRICING;
  const storeRules: PricingSettings = { pricesIncludeTax: store.pricesIncludeTax, cashRoundingIncrement: store.cashRoundingIncrement };
  const tillTotals = orderTotals(order, tillRules);
  const storeTotals = orderTotals(order, storeRules);
  const figures = (rules: PricingSettings, t: typeof tillTotals): PricedFigures => ({
    rules,
    total: t.total,
    tax: t.tax,
    discount: t.discount,
    cashRounding: t.cashRounding,
  });
  const overCap = discountsOverCap(tillTotals, store.discountCapPercent);
  const differs =
    storeTotals.total !== order.total || storeTotals.tax !== tillTotals.tax || storeTotals.cashRounding !== (order.cashRounding ?? 0);
  if (!differs && overCap.length === 0) return null;
  return { till: figures(tillRules, tillTotals), store: figures(storeRules, storeTotals), overCap };
}
