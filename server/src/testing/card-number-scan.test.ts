import { describe, expect, it } from 'vitest';
import { findCardNumbers, luhnValid } from './card-number-scan.ts';

describe('luhnValid', () => {
  it('accepts well-known test card numbers and refuses a changed digit', () => {
    expect(luhnValid('4242424242424242')).toBe(true);
    expect(luhnValid('5555555555554444')).toBe(true);
    expect(luhnValid('378282246310005')).toBe(true);
    expect(luhnValid('4242424242424241')).toBe(false);
  });
});

describe('findCardNumbers', () => {
  it('finds card numbers plain, spaced or dashed inside text', () => {
    expect(findCardNumbers('{"pan":"4242424242424242"}')).toEqual(['4242424242424242']);
    expect(findCardNumbers('card 4242 4242 4242 4242 used')).toEqual(['4242424242424242']);
    expect(findCardNumbers('5555-5555-5555-4444')).toEqual(['5555555555554444']);
  });

  it('ignores digit runs inside hex strings such as request fingerprints', () => {
    expect(findCardNumbers('"fingerprint":"58fa8baf24b7a2b7e8baf054f1a54a527c43ad02611f81de94e2387444362841"')).toEqual([]);
  });

  it('ignores tokens, uuids, timestamps and short or non-Luhn runs', () => {
    const text = 'tok_visa 0190a3e2-7b1c-7d00-8a00-1234567890ab 2026-11-25T18:00:00.000Z 1732557600000 4242424242424241';
    expect(findCardNumbers(text)).toEqual([]);
  });
});
