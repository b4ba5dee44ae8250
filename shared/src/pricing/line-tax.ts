import { taxIncluded } from '../money.ts';
import { mulDivHalfUp } from './mul-div.ts';

/**
 * The tax of a line's discounted amount (minor units), rounded half up per line. With prices that
 * include tax the amount already contains it (amount × r / (1 + r)); with tax added it comes on top
 * (amount × r). r = taxRateBps / 10 000.
 */
export function lineTax(amount: number, taxRateBps: number, pricesIncludeTax: boolean): number {
  return pricesIncludeTax ? taxIncluded(amount, taxRateBps) : mulDivHalfUp(amount, taxRateBps, 10_000);
}
