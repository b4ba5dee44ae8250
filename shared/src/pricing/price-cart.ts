/**
 * The one pricing computation of a sale, run by the till (its cart and checkout) and by POS Core (its
 * check of every submitted order), so both agree to the minor unit. Order of operations:
 *
 * 1. each line's amount is quantity × unitPrice;
 * 2. its own discount (if any) comes off it;
 * 3. the order discount is taken from the sum of the lines after their discounts and spread over the
 *    lines by largest remainder in proportion to those amounts (allocate-largest-remainder.ts);
 * 4. tax is computed per line on the amount after both discounts (line-tax.ts): contained in it when
 *    prices include tax, added on top otherwise;
 * 5. the total is the sum of the lines' discounted amounts, plus their tax when tax is added.
 *
 * Cash rounding is not part of it: it depends on the tenders (cash-rounding.ts, order-totals.ts).
 * A discount naming a line that does not exist is ignored here; the order rules refuse it.
 */
import { allocateByLargestRemainder } from './allocate-largest-remainder.ts';
import type { Discount } from './discount.ts';
import { discountAmount } from './discount-amount.ts';
import { lineTax } from './line-tax.ts';
import type { PricingSettings } from './pricing-settings.ts';

export interface PriceableLine {
  quantity: number;
  unitPrice: number;
  taxRateBps: number;
}

export interface PricedLine {
  /** quantity × unitPrice. */
  amount: number;
  /** Taken off by the line's own discount. */
  lineDiscount: number;
  /** The line's share of the order discount. */
  orderDiscount: number;
  /** amount − lineDiscount − orderDiscount: what the line sells for (before tax when tax is added). */
  discounted: number;
  tax: number;
  /** What the customer pays for the line: `discounted`, plus `tax` when tax is added. */
  total: number;
}

export interface PricedCart {
  lines: PricedLine[];
  /** Σ amount. */
  subtotal: number;
  /** Σ line discounts + the order discount. */
  discount: number;
  /** The order discount alone (spread over the lines' `orderDiscount`). */
  orderDiscount: number;
  tax: number;
  /** Σ line totals: what the customer owes before cash rounding. */
  total: number;
}

export function priceCart(lines: readonly PriceableLine[], discounts: readonly Discount[], settings: PricingSettings): PricedCart {
  const amounts = lines.map((l) => l.quantity * l.unitPrice);
  const lineDiscounts = amounts.map((amount, i) => {
    const own = discounts.find((d) => d.line === i);
    return own ? discountAmount(amount, own) : 0;
  });
  const afterLineDiscounts = amounts.map((amount, i) => amount - (lineDiscounts[i] ?? 0));
  const base = afterLineDiscounts.reduce((s, a) => s + a, 0);
  const onOrder = discounts.find((d) => d.line === undefined);
  const orderDiscount = onOrder ? discountAmount(base, onOrder) : 0;
  const shares = allocateByLargestRemainder(orderDiscount, afterLineDiscounts);
  const priced = lines.map((line, i): PricedLine => {
    const amount = amounts[i] ?? 0;
    const lineDiscount = lineDiscounts[i] ?? 0;
    const share = shares[i] ?? 0;
    const discounted = amount - lineDiscount - share;
    const tax = lineTax(discounted, line.taxRateBps, settings.pricesIncludeTax);
    return {
      amount,
      lineDiscount,
      orderDiscount: share,
      discounted,
      tax,
      total: settings.pricesIncludeTax ? discounted : discounted + tax,
    };
  });
  const sum = (pick: (l: PricedLine) => number) => priced.reduce((s, l) => s + pick(l), 0);
  return {
    lines: priced,
    subtotal: sum((l) => l.amount),
    discount: sum((l) => l.lineDiscount) + orderDiscount,
    orderDiscount,
    tax: sum((l) => l.tax),
    total: sum((l) => l.total),
  };
}
