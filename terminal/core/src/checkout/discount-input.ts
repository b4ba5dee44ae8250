/**
 * A discount as the cashier types it: a percentage ("10", "12.5") or an amount ("1.50") and a reason.
 * Checked against what it is taken from and the cashier's cap with the shared pricing code, so the till
 * never offers a discount the server's check would report.
 */
import { discountsOverCap } from '@pos/shared/pricing/discount-cap';
import type { PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { type CartDiscount, type CartState, cartReducer, cartTotals } from './cart.ts';
import { parseAmount } from './parse-amount.ts';

export type DiscountTarget = { line: string } | 'order';

/** `givenBps`: the discount in basis points of what it is taken from (what a role's cap is checked against, staff-policy.ts). */
export type DiscountInputResult = { ok: true; discount: CartDiscount; givenBps: number } | { ok: false; problem: string };

/**
 * Reads the cashier's input for `target` in `cart`. A percentage is read with two decimals into
 * basis points ("12.5" → 1250); an amount into minor units.
 */
export function readDiscountInput(
  cart: CartState,
  target: DiscountTarget,
  input: { type: CartDiscount['type']; text: string; reason: string },
  rules: { pricing: PricingSettings; capPercent: number },
): DiscountInputResult {
  const value = parseAmount(input.text);
  if (value === null) return { ok: false, problem: 'Type a number, e.g. 10 or 2.50.' };
  if (input.type === 'percent' && value > 10_000) return { ok: false, problem: 'A percentage is at most 100.' };
  const reason = input.reason.trim();
  if (reason === '') return { ok: false, problem: 'Choose or type a reason.' };
  const discount: CartDiscount = { type: input.type, value, reason };
  const trial =
    target === 'order'
      ? cartReducer(cart, { type: 'setOrderDiscount', discount })
      : cartReducer(cart, { type: 'setLineDiscount', productId: target.line, discount });
  const priced = cartTotals(trial, rules.pricing);
  const index = target === 'order' ? undefined : trial.lines.findIndex((l) => l.productId === target.line);
  const base =
    target === 'order' ? priced.subtotal - priced.lines.reduce((s, l) => s + l.lineDiscount, 0) : (priced.lines[index ?? -1]?.amount ?? 0);
  if (input.type === 'amount' && value > base) return { ok: false, problem: 'The discount is more than what it is taken from.' };
  const over = discountsOverCap(priced, rules.capPercent).find((o) => o.line === index);
  if (over) return { ok: false, problem: `Above your discount cap of ${over.capPercent} %.` };
  // A percentage is its own measure; an amount is measured against what it is taken from.
  const givenBps = input.type === 'percent' ? value : base === 0 ? 0 : Math.floor((value * 10_000) / base);
  return { ok: true, discount, givenBps };
}
