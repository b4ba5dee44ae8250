/**
 * A fast-check arbitrary of random carts for the pricing property tests (the shared ones and the
 * till's): up to 40 lines of up to 100 items at up to 10 000.00 each (a whole order stays within what one
 * tender may carry on the wire) and a common tax rate, a random subset of line discounts,
 * maybe an order discount, and random store rules. Test support only.
 */
import fc from 'fast-check';
import { LIMITS } from '../limits.ts';
import type { Discount } from './discount.ts';

const cartLine = fc.record({
  quantity: fc.integer({ min: 1, max: 100 }),
  unitPrice: fc.integer({ min: 0, max: LIMITS.maxUnitPrice / 10 }),
  taxRateBps: fc.constantFrom(0, 500, 700, 1000, 1300, 2000, 2100, 2500),
});
const settings = fc.record({ pricesIncludeTax: fc.boolean(), cashRoundingIncrement: fc.constantFrom(1, 5, 10, 100) });
const discountOf = (line: number | undefined) =>
  fc
    .oneof(
      fc.record({ type: fc.constant('percent' as const), value: fc.integer({ min: 0, max: 10_000 }) }),
      fc.record({ type: fc.constant('amount' as const), value: fc.integer({ min: 0, max: 5_000_000 }) }),
    )
    .map((d): Discount => ({ ...(line === undefined ? {} : { line }), ...d, reason: 'promo' }));

export const discountedCart = fc.array(cartLine, { minLength: 1, maxLength: 40 }).chain((lines) =>
  fc.record({
    lines: fc.constant(lines),
    discounts: fc
      .tuple(
        fc.array(fc.option(discountOf(0), { nil: undefined }), { minLength: lines.length, maxLength: lines.length }),
        fc.option(discountOf(undefined), { nil: undefined }),
      )
      .map(([perLine, order]) => [...perLine.flatMap((d, i) => (d ? [{ ...d, line: i }] : [])), ...(order ? [order] : [])]),
    settings,
  }),
);
