import { describe, expect, it } from 'vitest';
import { cartReducer, EMPTY_CART } from './cart.ts';
import { readDiscountInput } from './discount-input.ts';

const cart = [
  { type: 'add' as const, product: { id: 'coffee', name: 'Coffee', price: 250, taxRateBps: 1000 }, quantity: 2 },
  { type: 'add' as const, product: { id: 'cake', name: 'Cake', price: 300, taxRateBps: 1000 } },
].reduce(cartReducer, EMPTY_CART);
const rules = { pricing: { pricesIncludeTax: true, cashRoundingIncrement: 1 }, capPercent: 20 };

describe('readDiscountInput', () => {
  it('when the cashier types a percentage or an amount with a reason, then it is read exactly', () => {
    expect(readDiscountInput(cart, { line: 'cake' }, { type: 'percent', text: '12.5', reason: ' Loyalty ' }, rules)).toEqual({
      ok: true,
      discount: { type: 'percent', value: 1250, reason: 'Loyalty' },
      givenBps: 1250,
    });
    expect(readDiscountInput(cart, 'order', { type: 'amount', text: '1.60', reason: 'Staff' }, rules)).toEqual({
      ok: true,
      discount: { type: 'amount', value: 160, reason: 'Staff' },
      // 1.60 of the 8.00 the order discount is taken from: 20 %, what a role's cap is checked against.
      givenBps: 2_000,
    });
  });

  it('when the input is not a number, has no reason, is above 100 %, above its base or above the cap, then it says why', () => {
    const problem = (target: Parameters<typeof readDiscountInput>[1], type: 'percent' | 'amount', text: string, reason = 'Staff') => {
      const result = readDiscountInput(cart, target, { type, text, reason }, rules);
      return result.ok ? null : result.problem;
    };
    expect(problem('order', 'percent', 'ten')).toMatch(/number/);
    expect(problem('order', 'percent', '10', '  ')).toMatch(/reason/);
    expect(problem('order', 'percent', '101')).toMatch(/100/);
    expect(problem({ line: 'cake' }, 'amount', '3.01')).toMatch(/more than/);
    expect(problem({ line: 'cake' }, 'percent', '25')).toMatch(/cap of 20 %/);
    expect(problem('order', 'amount', '1.61')).toMatch(/cap of 20 %/); // 161 of 800 = 20.125 %
    expect(problem({ line: 'coffee' }, 'percent', '20')).toBeNull();
  });
});
