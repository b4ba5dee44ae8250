import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateByLargestRemainder } from './allocate-largest-remainder.ts';

describe('allocateByLargestRemainder', () => {
  it('gives the leftover units to the largest remainders, ties to the earlier line', () => {
    expect(allocateByLargestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateByLargestRemainder(10, [300, 200, 500])).toEqual([3, 2, 5]);
    expect(allocateByLargestRemainder(7, [250, 250, 500])).toEqual([2, 2, 3]); // 1.75 1.75 3.5 → the .75s first
    expect(allocateByLargestRemainder(5, [0, 10])).toEqual([0, 5]);
    expect(allocateByLargestRemainder(0, [3, 4])).toEqual([0, 0]);
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    const weights = [1e11, 1e11 - 1, 3];
    const parts = allocateByLargestRemainder(2e11 - 5, weights);
    expect(parts.reduce((s, p) => s + p, 0)).toBe(2e11 - 5);
    for (const [i, p] of parts.entries()) expect(p).toBeLessThanOrEqual(weights[i] ?? 0);
  });

  const weights = fc.array(fc.integer({ min: 0, max: 100_000_000_000 }), { minLength: 1, maxLength: 200 });

  it('sums exactly to the total, never negative, never above a weight, deterministic (property)', () => {
    fc.assert(
      fc.property(weights, fc.double({ min: 0, max: 1, noNaN: true }), (ws, fraction) => {
        const sum = ws.reduce((s, w) => s + w, 0);
        const total = Math.floor(sum * fraction);
        const parts = allocateByLargestRemainder(total, ws);
        expect(parts).toHaveLength(ws.length);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(sum === 0 ? 0 : total);
        parts.forEach((p, i) => {
          expect(Number.isSafeInteger(p)).toBe(true);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(ws[i] ?? 0);
        });
        expect(allocateByLargestRemainder(total, [...ws])).toEqual(parts);
      }),
      { numRuns: 500 },
    );
  });
});
