/**
 * The largest discount a cashier may give, as a percentage of what it is taken from. ONE function
 * decides it, so the cap's source can change (today a store setting; per staff role once roles exist)
 * without touching the till or the server's checks.
 */
import { mulDivFloor } from './mul-div.ts';
import type { PricedCart } from './price-cart.ts';

export interface DiscountOverCap {
  /** The line (0-based) whose own discount is over the cap; absent: the order discount. */
  line?: number;
  /** The discount given, in basis points of its base (rounded down). */
  givenBps: number;
  capPercent: number;
}

/** Every discount of a priced cart above `capPercent` % of its base (empty: all within the cap). */
export function discountsOverCap(priced: PricedCart, capPercent: number): DiscountOverCap[] {
  const capBps = capPercent * 100;
  const over: DiscountOverCap[] = [];
  const bps = (taken: number, base: number) => (base === 0 ? 0 : mulDivFloor(taken, 10_000, base).quotient);
  priced.lines.forEach((l, line) => {
    const givenBps = bps(l.lineDiscount, l.amount);
    if (givenBps > capBps) over.push({ line, givenBps, capPercent });
  });
  const orderBase = priced.subtotal - priced.lines.reduce((s, l) => s + l.lineDiscount, 0);
  const givenBps = bps(priced.orderDiscount, orderBase);
  if (givenBps > capBps) over.push({ givenBps, capPercent });
  return over;
}
