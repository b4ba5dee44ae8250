/** Properties of the shared pricing over random carts, discounts and store rules (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discounts as discountsSchema } from './discount.ts';
import { discountedCart } from './discounted-cart-arbitrary.ts';
import { lineTax } from './line-tax.ts';
import { priceCart } from './price-cart.ts';

describe('priceCart over random carts (property)', () => {
  it('is consistent: shares sum to the order discount, nothing negative, totals add up, deterministic', () => {
    fc.assert(
      fc.property(discountedCart, ({ lines, discounts, settings }) => {
        expect(discountsSchema.safeParse(discounts).success).toBe(true);
        const priced = priceCart(lines, discounts, settings);
        expect(priced.lines.reduce((s, l) => s + l.orderDiscount, 0)).toBe(priced.orderDiscount);
        for (const [i, l] of priced.lines.entries()) {
          const source = lines[i] as (typeof lines)[number];
          expect(l.amount).toBe(source.quantity * source.unitPrice);
          expect(l.lineDiscount).toBeGreaterThanOrEqual(0);
          expect(l.orderDiscount).toBeGreaterThanOrEqual(0);
          expect(l.discounted).toBeGreaterThanOrEqual(0);
          expect(l.discounted).toBe(l.amount - l.lineDiscount - l.orderDiscount);
          expect(l.tax).toBe(lineTax(l.discounted, source.taxRateBps, settings.pricesIncludeTax));
          expect(l.total).toBe(settings.pricesIncludeTax ? l.discounted : l.discounted + l.tax);
          expect(Number.isSafeInteger(l.total)).toBe(true);
        }
        expect(priced.discount).toBeLessThanOrEqual(priced.subtotal);
        expect(priced.total).toBe(priced.subtotal - priced.discount + (settings.pricesIncludeTax ? 0 : priced.tax));
        expect(priceCart(structuredClone(lines), structuredClone(discounts), settings)).toEqual(priced);
      }),
      { numRuns: 300 },
    );
  });
});
