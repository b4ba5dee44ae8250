/**
 * A seeded pseudo-random generator (mulberry32): the same seed always yields the same sequence, so
 * a chaos schedule or a latency jitter can be replayed from the seed printed by a failing run.
 * Not for anything secret.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  /** A number in [0, 1). */
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
