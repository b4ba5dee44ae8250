import { describe, expect, it } from 'vitest';
import { fullJitterDelay, retryDelay } from './backoff.ts';

const policy = { baseMs: 100, capMs: 30_000 };

describe('fullJitterDelay', () => {
  it('when random is at its bounds, then the delay spans 0 up to base·2^attempt', () => {
    expect(fullJitterDelay(0, policy, () => 0)).toBe(0);
    expect(fullJitterDelay(0, policy, () => 0.999_999)).toBe(99);
    expect(fullJitterDelay(3, policy, () => 0.999_999)).toBe(799);
  });

  it('when attempts grow large, then the delay never exceeds the 30 s cap', () => {
    for (const attempt of [9, 20, 100, 5_000]) {
      expect(fullJitterDelay(attempt, policy, () => 0.999_999)).toBeLessThan(30_000);
      expect(fullJitterDelay(attempt, policy, () => 0.5)).toBe(15_000);
    }
  });

  it('when drawn many times, then every delay lies within [0, ceiling)', () => {
    for (let i = 0; i < 1_000; i++) {
      const attempt = i % 12;
      const delay = fullJitterDelay(attempt, policy);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(Math.min(30_000, 100 * 2 ** attempt));
    }
  });
});

describe('retryDelay', () => {
  it('when the server sent Retry-After, then the delay is at least that long', () => {
    expect(retryDelay(0, 3, policy, () => 0)).toBe(3_000);
    expect(retryDelay(10, 1, policy, () => 0.5)).toBe(15_000);
    expect(retryDelay(1, 5, policy, () => 0.5)).toBe(5_000);
  });

  it('when there is no Retry-After, then it is the jittered delay', () => {
    expect(retryDelay(2, null, policy, () => 0.5)).toBe(200);
  });
});
