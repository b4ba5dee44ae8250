/**
 * The till's pricing against the store's current rules: a sale is a fact the till recorded, so POS
 * Core keeps it as the till priced it (its discounts, the rules it applied, its total — whose
 * arithmetic order-rules.ts has already checked), prices the same order again with the store's rules
 * and discount cap, and when anything differs records ONE `order.pricing_mismatch` event with this
 * comparison as its data (server: record-orders.ts).
 */
import type { OrderSubmission } from '../order.ts';
import type { StoreSettings } from '../store-settings.ts';
import { type DiscountOverCap, discountsOverCap } from './discount-cap.ts';
import { orderTotals } from './order-totals.ts';
import { LEGACY_PRICING, type PricingSettings } from './pricing-settings.ts';

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
export function pricingMismatch(order: OrderSubmission, store: StoreSettings): PricingMismatch | null {
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
