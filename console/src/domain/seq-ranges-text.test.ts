import { describe, expect, it } from 'vitest';
import { seqRangesText } from './seq-ranges-text.ts';

describe('seqRangesText', () => {
  it('names single numbers and ranges, and says when the list is cut', () => {
    expect(seqRangesText([], 0)).toBe('none');
    expect(
      seqRangesText(
        [
          { from: 3, to: 5 },
          { from: 9, to: 9 },
        ],
        4,
      ),
    ).toBe('3–5, 9');
    expect(seqRangesText([{ from: 1, to: 2 }], 10)).toBe('1–2, … (10 in all)');
  });
});
