/**
 * Exact integer `a × b / c` for money: the product of two safe integers may exceed 2^53 (an order of
 * 200 lines × 100 000.00 × a percentage), so it is computed in BigInt and only the quotient, which is
 * at most `a` or `b` in every use here, comes back as a number.
 */

/** ⌊a × b / c⌋ and the remainder, for non-negative integers and c > 0. */
export function mulDivFloor(a: number, b: number, c: number): { quotient: number; remainder: bigint } {
  const product = BigInt(a) * BigInt(b);
  const divisor = BigInt(c);
  return { quotient: Number(product / divisor), remainder: product % divisor };
}

/** a × b / c rounded half up, for non-negative integers and c > 0. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const divisor = BigInt(c);
  return Number((2n * BigInt(a) * BigInt(b) + divisor) / (2n * divisor));
}
