import { mulDivFloor } from './mul-div.ts';

/**
 * Splits `total` (non-negative integer) over `weights` (non-negative integers) in proportion, by the
 * largest-remainder method. Contract:
 * - the parts sum to exactly `total` (when some weight is positive; all-zero weights take nothing);
 * - each part is ⌊total × w / W⌋ or one more, so no part exceeds its weight when total ≤ W, and none
 *   is negative;
 * - deterministic: equal remainders go to the earlier index.
 */
export function allocateByLargestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  if (sum === 0 || total === 0) return weights.map(() => 0);
  const shares = weights.map((w, index) => ({ index, ...mulDivFloor(total, w, sum) }));
  const parts = shares.map((s) => s.quotient);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const byRemainder = [...shares].sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
  for (const share of byRemainder) {
    if (left === 0) break;
    parts[share.index] = (parts[share.index] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}
