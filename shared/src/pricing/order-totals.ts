/**
 * An order's totals as the shared pricing computes them from what the order itself says: its lines,
 * its discounts and the pricing rules the till applied (absent: LEGACY_PRICING), plus the cash
 * rounding its tenders call for. The till builds its submission from these; POS Core checks every
 * submission against them (order-rules.ts) and compares them with the store's current rules
 * (pricing-check on the server).
 */
import type { OrderSubmission } from '../order.ts';
import { cashRoundingAdjustment } from './cash-rounding.ts';
import { type PricedCart, priceCart } from './price-cart.ts';
import { LEGACY_PRICING, type PricingSettings } from './pricing-settings.ts';

export interface OrderTotals extends PricedCart {
  /** The signed cash rounding the tenders call for (0 without cash). */
  cashRounding: number;
  /** What the tenders must add up to: total + cashRounding. */
  due: number;
}

export type PricedOrder = Pick<OrderSubmission, 'lines' | 'tenders' | 'discounts' | 'pricing'>;

/** `settings`: price with these rules instead of the ones the order names (the store's current rules). */
export function orderTotals(order: PricedOrder, settings: PricingSettings = order.pricing ?? LEGACY_PRICING): OrderTotals {
  const priced = priceCart(order.lines, order.discounts ?? [], settings);
  const cardPaid = order.tenders.reduce((s, t) => s + (t.type === 'card' ? t.amount : 0), 0);
  const hasCash = order.tenders.some((t) => t.type === 'cash');
  const cashRounding = cashRoundingAdjustment(priced.total, cardPaid, hasCash, settings.cashRoundingIncrement);
  return { ...priced, cashRounding, due: priced.total + cashRounding };
}
