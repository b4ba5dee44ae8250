/**
 * Cash rounding: a store whose smallest coin is larger than its minor unit (e.g. 0.05) rounds what a
 * customer pays in cash to that increment, half up; card parts are paid to the minor unit. The
 * rounding applies to the part of the total left for cash (total − card parts), so it does not depend
 * on the order the tenders were taken in.
 */

/** `amount` rounded half up to a multiple of `increment` (1: unchanged). */
export function roundToIncrement(amount: number, increment: number): number {
  if (!Number.isSafeInteger(increment) || increment < 1) throw new RangeError(`increment must be a positive integer, got ${increment}`);
  return Math.floor((2 * amount + increment) / (2 * increment)) * increment;
}

/**
 * The signed adjustment cash rounding adds to an order's total: 0 without a cash tender, otherwise
 * the rounded cash part minus the cash part. What the tenders add up to is total + this.
 */
export function cashRoundingAdjustment(total: number, cardPaid: number, hasCash: boolean, increment: number): number {
  if (!hasCash) return 0;
  const cashDue = Math.max(0, total - cardPaid);
  return roundToIncrement(cashDue, increment) - cashDue;
}
