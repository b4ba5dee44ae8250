import { describe, expect, it } from 'vitest';
import { changeDue, orderAmounts, taxIncluded } from './money.ts';

describe('taxIncluded', () => {
  it('extracts the tax contained in a tax-inclusive price, rounding half up', () => {
    expect(taxIncluded(110, 1000)).toBe(10); // 10 % of 100 net
    expect(taxIncluded(250, 1000)).toBe(23); // 22.727… → 23
    expect(taxIncluded(121, 2100)).toBe(21);
    expect(taxIncluded(0, 2000)).toBe(0);
    expect(taxIncluded(999, 0)).toBe(0);
  });

  it('rounds an exact half up', () => {
    // 21 × 1000 / 11000 = 1.909…; 105 × 1000 / 11000 = 9.545…; 11 × 1000/11000 = 1.0 exactly
    expect(taxIncluded(11, 1000)).toBe(1);
    // 0.5 exactly: gross × r / (10000 + r) = 0.5 → gross = 5.25 (not integer) — use a rate of 10000 (100 %):
    // tax = gross / 2, so gross 1 → 0.5 → 1
    expect(taxIncluded(1, 10_000)).toBe(1);
    expect(taxIncluded(3, 10_000)).toBe(2);
  });

  it('refuses non-integers', () => {
    expect(() => taxIncluded(1.5, 1000)).toThrow(RangeError);
    expect(() => taxIncluded(-1, 1000)).toThrow(RangeError);
  });
});

describe('orderAmounts', () => {
  it('sums gross and per-line tax', () => {
    const a = orderAmounts([
      { quantity: 2, unitPrice: 250, taxRateBps: 1000 },
      { quantity: 1, unitPrice: 121, taxRateBps: 2100 },
    ]);
    expect(a.total).toBe(621);
    expect(a.tax).toBe(45 + 21);
    expect(a.lines).toEqual([
      { gross: 500, tax: 45 },
      { gross: 121, tax: 21 },
    ]);
  });

  it('keeps exact integers at the largest allowed amounts', () => {
    const a = orderAmounts([{ quantity: 10_000, unitPrice: 10_000_000, taxRateBps: 10_000 }]);
    expect(a.total).toBe(100_000_000_000);
    expect(a.tax).toBe(50_000_000_000);
  });
});

describe('changeDue', () => {
  it('is received minus amount, never negative', () => {
    expect(changeDue(730, 1000)).toBe(270);
    expect(changeDue(730, 730)).toBe(0);
    expect(changeDue(730, 500)).toBe(0);
  });
});
