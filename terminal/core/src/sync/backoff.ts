/**
 * Retry delays with FULL JITTER (AWS Architecture Blog, "Exponential Backoff and Jitter"):
 *   delay = random(0, min(cap, base · 2^attempt))
 * so that many tills coming back after one outage do not retry in lock-step. A server's
 * Retry-After is a floor: never retry earlier than it asked.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 500, capMs: 30_000 };

/** attempt: 0 for the first retry. random: a source in [0, 1). */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}

export function retryDelay(
  attempt: number,
  retryAfterSeconds: number | null,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  const jittered = fullJitterDelay(attempt, policy, random);
  return retryAfterSeconds === null ? jittered : Math.max(jittered, retryAfterSeconds * 1000);
}
