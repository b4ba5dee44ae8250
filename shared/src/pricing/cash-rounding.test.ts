import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cashRoundingAdjustment, roundToIncrement } from './cash-rounding.ts';

describe('roundToIncrement', () => {
  it('rounds half up to the increment', () => {
    expect(roundToIncrement(1232, 5)).toBe(1230);
    expect(roundToIncrement(1233, 5)).toBe(1235);
    expect(roundToIncrement(1237, 5)).toBe(1235);
    expect(roundToIncrement(1238, 5)).toBe(1240);
    expect(roundToIncrement(1250, 100)).toBe(1300); // an exact half goes up
    expect(roundToIncrement(1249, 100)).toBe(1200);
    expect(roundToIncrement(1233, 1)).toBe(1233);
  });

  it('refuses an increment that is not a positive integer', () => {
    expect(() => roundToIncrement(10, 0)).toThrow(RangeError);
    expect(() => roundToIncrement(10, 2.5)).toThrow(RangeError);
  });

  it('lands on a multiple within half an increment (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 1, max: 100_000 }), (amount, increment) => {
        const rounded = roundToIncrement(amount, increment);
        expect(rounded % increment).toBe(0);
        expect(2 * Math.abs(rounded - amount)).toBeLessThanOrEqual(increment);
      }),
    );
  });
});

describe('cashRoundingAdjustment', () => {
  it('rounds only the part left for cash, and nothing without cash', () => {
    expect(cashRoundingAdjustment(1233, 0, true, 5)).toBe(2); // pay 12.35 cash
    expect(cashRoundingAdjustment(1232, 0, true, 5)).toBe(-2); // pay 12.30 cash
    expect(cashRoundingAdjustment(1233, 1000, true, 5)).toBe(2); // 10.00 card, 2.35 cash
    expect(cashRoundingAdjustment(1233, 1233, false, 5)).toBe(0);
    expect(cashRoundingAdjustment(1233, 0, true, 1)).toBe(0);
  });
});
