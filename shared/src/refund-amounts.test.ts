import { describe, expect, it } from 'vitest';
import { priceRefund, refundAmount, refundableRemainder } from './refund-amounts.ts';

const sold = [
  { lineNo: 1, quantity: 3, total: 1000 },
  { lineNo: 2, quantity: 2, total: 500 },
];

describe('refund amounts', () => {
  it('when a line is refunded one unit at a time, then the refunds add up to exactly the line total', () => {
    const refunds: { lineNo: number; quantity: number }[][] = [];
    let paid = 0;
    for (let i = 0; i < 3; i++) {
      const priced = priceRefund(sold, refunds, [{ lineNo: 1, quantity: 1 }]);
      expect(priced[0]?.excess).toBe(0);
      paid += refundAmount(priced);
      refunds.push([{ lineNo: 1, quantity: 1 }]);
    }
    expect(paid).toBe(1000);
    expect(refundableRemainder(sold, refunds)).toEqual([
      { lineNo: 1, quantity: 0, amount: 0 },
      { lineNo: 2, quantity: 2, amount: 500 },
    ]);
  });

  it('when more is asked than remains, then the excess is reported and only the remainder is priced', () => {
    const priced = priceRefund(sold, [[{ lineNo: 2, quantity: 1 }]], [{ lineNo: 2, quantity: 2 }]);
    expect(priced).toEqual([{ lineNo: 2, quantity: 2, amount: 250, excess: 1 }]);
  });

  it('when a line number is unknown, then all of it is excess', () => {
    expect(priceRefund(sold, [], [{ lineNo: 9, quantity: 1 }])).toEqual([{ lineNo: 9, quantity: 1, amount: 0, excess: 1 }]);
  });

  it('whatever the split of a line into refunds, the total paid back equals the line total', () => {
    for (const split of [[1, 1, 1], [2, 1], [1, 2], [3]]) {
      const refunds: { lineNo: number; quantity: number }[][] = [];
      let paid = 0;
      for (const q of split) {
        paid += refundAmount(priceRefund(sold, refunds, [{ lineNo: 1, quantity: q }]));
        refunds.push([{ lineNo: 1, quantity: q }]);
      }
      expect(paid).toBe(1000);
    }
  });
});
