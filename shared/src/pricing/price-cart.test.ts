import { describe, expect, it } from 'vitest';
import type { Discount } from './discount.ts';
import { discounts as discountsSchema } from './discount.ts';
import { discountsOverCap } from './discount-cap.ts';
import { priceCart } from './price-cart.ts';

const included = { pricesIncludeTax: true, cashRoundingIncrement: 1 };
const added = { pricesIncludeTax: false, cashRoundingIncrement: 1 };
const line = (quantity: number, unitPrice: number, taxRateBps = 1000) => ({ quantity, unitPrice, taxRateBps });
const off = (d: Omit<Discount, 'reason'>): Discount => ({ ...d, reason: 'test' });

describe('priceCart', () => {
  it('without discounts and with tax included equals the sum of the lines, tax contained', () => {
    const priced = priceCart([line(2, 250), line(1, 110)], [], included);
    expect(priced.total).toBe(610);
    expect(priced.tax).toBe(45 + 10); // 500 × 10/110 = 45.45 → 45; 110 → 10
    expect(priced.discount).toBe(0);
  });

  it('adds tax on top when prices exclude it, per line half up', () => {
    const priced = priceCart([line(1, 1005), line(3, 333, 2100)], [], added);
    expect(priced.lines.map((l) => l.tax)).toEqual([101, 210]); // 100.5 → 101; 999 × 21 % = 209.79 → 210
    expect(priced.total).toBe(1005 + 101 + 999 + 210);
  });

  it('takes a line discount off its line before tax, a percentage half up', () => {
    const priced = priceCart([line(1, 1000), line(1, 999)], [off({ line: 1, type: 'percent', value: 1500 })], added);
    expect(priced.lines[1]).toMatchObject({ amount: 999, lineDiscount: 150, discounted: 849, tax: 85 }); // 149.85 → 150; 84.9 → 85
    expect(priced.total).toBe(1000 + 100 + 849 + 85);
  });

  it('spreads an order discount over the lines by largest remainder, after line discounts', () => {
    const priced = priceCart(
      [line(1, 1000), line(1, 1000), line(1, 1000)],
      [off({ line: 0, type: 'amount', value: 500 }), off({ type: 'amount', value: 100 })],
      included,
    );
    // base 500 + 1000 + 1000 = 2500: shares 20, 40, 40
    expect(priced.lines.map((l) => l.orderDiscount)).toEqual([20, 40, 40]);
    expect(priced.orderDiscount).toBe(100);
    expect(priced.discount).toBe(600);
    expect(priced.total).toBe(3000 - 600);
    expect(priced.tax).toBe(priced.lines.reduce((s, l) => s + l.tax, 0));
  });

  it('never discounts a line below zero', () => {
    const priced = priceCart(
      [line(1, 300)],
      [off({ line: 0, type: 'amount', value: 1000 }), off({ type: 'percent', value: 10_000 })],
      added,
    );
    expect(priced.lines[0]).toMatchObject({ lineDiscount: 300, orderDiscount: 0, discounted: 0, tax: 0, total: 0 });
  });
});

describe('discounts (wire)', () => {
  it('refuses a second discount on the same target and a percentage over 100 %', () => {
    expect(discountsSchema.safeParse([off({ type: 'amount', value: 1 }), off({ type: 'percent', value: 5 })]).success).toBe(false);
    expect(discountsSchema.safeParse([off({ line: 0, type: 'percent', value: 10_001 })]).success).toBe(false);
    expect(discountsSchema.safeParse([{ type: 'amount', value: 1, reason: '  ' }]).success).toBe(false);
    expect(discountsSchema.safeParse([off({ line: 0, type: 'percent', value: 10_000 }), off({ type: 'amount', value: 1 })]).success).toBe(
      true,
    );
  });
});

describe('discountsOverCap', () => {
  it('lists each discount above the cap percentage of its base', () => {
    const priced = priceCart(
      [line(1, 1000), line(1, 1000)],
      [off({ line: 0, type: 'percent', value: 3000 }), off({ type: 'amount', value: 171 })],
      included,
    );
    expect(discountsOverCap(priced, 30)).toEqual([]);
    expect(discountsOverCap(priced, 20)).toEqual([{ line: 0, givenBps: 3000, capPercent: 20 }]);
    expect(discountsOverCap(priced, 10)).toEqual([
      { line: 0, givenBps: 3000, capPercent: 10 },
      { givenBps: 1005, capPercent: 10 },
    ]);
  });
});
