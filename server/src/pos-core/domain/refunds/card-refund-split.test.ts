import { describe, expect, it } from 'vitest';
import { splitCardRefund } from './card-refund-split.ts';

const parts = [
  { part: 1, amount: 700 },
  { part: 2, amount: 300 },
];

describe('splitCardRefund', () => {
  it('when a single-card sale is refunded, then the whole refund is part 1', () => {
    expect(splitCardRefund([{ part: 1, amount: 1_000 }], 200, 500)).toEqual([{ part: 1, amount: 500 }]);
  });

  it('when a refund fits in the last part, then only the last part gives money back', () => {
    expect(splitCardRefund(parts, 0, 250)).toEqual([{ part: 2, amount: 250 }]);
  });

  it('when a refund is more than the last part holds, then the last part is emptied and the rest comes from the one before', () => {
    expect(splitCardRefund(parts, 0, 500)).toEqual([
      { part: 2, amount: 300 },
      { part: 1, amount: 200 },
    ]);
  });

  it('when earlier refunds took money, then this one starts where they stopped', () => {
    expect(splitCardRefund(parts, 250, 100)).toEqual([
      { part: 2, amount: 50 },
      { part: 1, amount: 50 },
    ]);
    expect(splitCardRefund(parts, 300, 700)).toEqual([{ part: 1, amount: 700 }]);
  });

  it('when the refund is more than the parts still hold, then it throws rather than over-refund a part', () => {
    expect(() => splitCardRefund(parts, 300, 701)).toThrow(/exceeds the card parts/);
  });

  it('when the parts come in any order, then the split is the same', () => {
    expect(splitCardRefund([...parts].reverse(), 0, 500)).toEqual(splitCardRefund(parts, 0, 500));
  });
});
