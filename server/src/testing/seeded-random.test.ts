import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.ts';

const take = (next: () => number, n: number) => Array.from({ length: n }, next);

describe('seededRandom', () => {
  it('when two generators share a seed, then they replay the same sequence in [0, 1)', () => {
    const a = take(seededRandom(42), 1000);
    expect(take(seededRandom(42), 1000)).toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(a).size).toBe(1000);
  });

  it('when the seeds differ, then the sequences differ', () => {
    expect(take(seededRandom(1), 5)).not.toEqual(take(seededRandom(2), 5));
  });
});
