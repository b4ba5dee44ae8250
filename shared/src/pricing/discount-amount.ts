import type { Discount } from './discount.ts';
import { mulDivHalfUp } from './mul-div.ts';

/**
 * What a discount takes off `base` (minor units): a percentage rounded half up, an amount as given;
 * never more than the base, so a discounted amount is never negative.
 */
export function discountAmount(base: number, discount: Pick<Discount, 'type' | 'value'>): number {
  const taken = discount.type === 'percent' ? mulDivHalfUp(base, Math.min(discount.value, 10_000), 10_000) : discount.value;
  return Math.min(base, taken);
}
