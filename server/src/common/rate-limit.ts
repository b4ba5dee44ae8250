/**
 * Abuse limits (DESIGN §4: 429 + Retry-After): token buckets held in this process, keyed by who calls.
 *
 *   per till      every request of one till's credential           (RateLimits.terminal)
 *   per store     every request of a store's tills and managers    (RateLimits.store)
 *   per address   routes without a credential (pairing)            (RateLimits.pairingPerMinute)
 *
 * A request costs one token whatever it carries: a batch of 500 orders is one request. POS Core's
 * service credential is never limited (its calls are the saga's, already bounded by the orders).
 * The buckets are per process: N instances behind a load balancer allow up to N times the limits,
 * which is acceptable for limits whose purpose is to stop a runaway or hostile client, not to meter.
 * The defaults (service-env.ts) are far above what a busy till does, so benchmarks and e2e never meet them.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { problems } from './problem.ts';

export interface BucketLimit {
  /** Sustained rate. */
  perSecond: number;
  /** How many requests may come at once after a quiet period. */
  burst: number;
}

export interface RateLimits {
  terminal: BucketLimit;
  store: BucketLimit;
  /** Pairing attempts per client address and minute (a pairing code is short: guessing must be slow). */
  pairingPerMinute: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  terminal: { perSecond: 500, burst: 5_000 },
  store: { perSecond: 2_000, burst: 20_000 },
  pairingPerMinute: 20,
};

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets beyond this many are pruned of those that refilled completely (they hold no information). */
const PRUNE_ABOVE = 10_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
  }

  /** Takes one token of `key`'s bucket: 0 when granted, else the seconds until one is available (≥ 1). */
  take(key: string, limit: BucketLimit): number {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: limit.burst, at: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    if (!this.#buckets.has(key)) {
      if (this.#buckets.size >= PRUNE_ABOVE) this.#prune(now, limit);
      this.#buckets.set(key, bucket);
    }
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }

  #prune(now: number, limit: BucketLimit): void {
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * limit.perSecond >= limit.burst) this.#buckets.delete(key);
    }
  }
}

export interface RateLimiter {
  /** After authentication: per till and per store; the service credential passes. */
  principal: RequestHandler;
  /** For a route without a credential: per client address, in the named group. */
  address(group: string): RequestHandler;
}

export function createRateLimiter(limits: RateLimits, buckets = new TokenBuckets()): RateLimiter {
  const pairing: BucketLimit = { perSecond: limits.pairingPerMinute / 60, burst: limits.pairingPerMinute };
  return {
    principal(req: Request, _res: Response, next: NextFunction) {
      const principal = req.principal;
      if (principal && principal.kind !== 'service') {
        const wait =
          (principal.kind === 'terminal'
            ? buckets.take(`till\u0000${principal.tenantId}\u0000${principal.subject}`, limits.terminal)
            : 0) || buckets.take(`store\u0000${principal.tenantId}`, limits.store);
        if (wait > 0) throw problems.rateLimited(wait);
      }
      next();
    },
    address(group) {
      return (req, _res, next) => {
        const wait = buckets.take(`${group}\u0000${req.socket.remoteAddress ?? 'unknown'}`, pairing);
        if (wait > 0) throw problems.rateLimited(wait);
        next();
      };
    },
  };
}
