/**
 * How Inventory and Payment accept tills' and managers' tokens, which only POS Core knows: they ask
 * POS Core (`POST /v1/credentials/introspect`, with the service credential) and keep the answer for
 * at most `cacheMs` (≤ 1000). So a till revoked at POS Core is refused here within `cacheMs` of the
 * revocation — never later. Answers of both kinds (known and unknown) are cached for that time, and
 * concurrent checks of one token share one call; the cache is keyed by the token's SHA-256 and
 * bounded in size. POS Core unreachable: 503 + Retry-After (the token can be neither accepted nor refused).
 */
import { createHash } from 'node:crypto';
import { introspectionAnswer } from '@pos/shared/credential';
import { HEADERS } from '@pos/shared/http';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import type { TokenVerifier, VerifiedCredential } from './auth.ts';
import { problems } from './problem.ts';

/** The upper bound on how long a revoked token may still be accepted by a service that introspects. */
export const MAX_INTROSPECTION_CACHE_MS = 1_000;

export interface IntrospectionOptions {
  /** POS Core's base URL (a function: in tests POS Core may start after this service). */
  posCoreUrl: () => string;
  serviceToken: string;
  /** How long an answer is reused (0 … MAX_INTROSPECTION_CACHE_MS; 0 = ask every time). */
  cacheMs: number;
  timeoutMs?: number;
  now?: () => number;
}

const MAX_ENTRIES = 10_000;

export function introspectionVerifier(options: IntrospectionOptions): TokenVerifier {
  const cacheMs = Math.min(Math.max(0, options.cacheMs), MAX_INTROSPECTION_CACHE_MS);
  const now = options.now ?? (() => performance.now());
  const cache = new Map<string, { at: number; credential: VerifiedCredential | null }>();
  const inFlight = new Map<string, Promise<VerifiedCredential | null>>();

  const ask = async (token: string): Promise<VerifiedCredential | null> => {
    let response: Response;
    try {
      response = await fetch(`${options.posCoreUrl()}/v1/credentials/introspect`, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${options.serviceToken}`,
          'Content-Type': 'application/json',
          [HEADERS.protocol]: PROTOCOL_VERSION,
        },
        body: JSON.stringify({ token }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 3_000),
      });
    } catch {
      throw problems.unavailable('Credentials cannot be checked right now (POS Core unreachable).');
    }
    if (!response.ok) throw problems.unavailable(`Credentials cannot be checked right now (POS Core answered ${response.status}).`);
    const parsed = introspectionAnswer.safeParse(await response.json().catch(() => null));
    if (!parsed.success) throw problems.unavailable('Credentials cannot be checked right now (unreadable answer).');
    const found = parsed.data;
    if (!found.active) return found.revoked ? { kind: 'terminal', tenantId: null, subject: '', revoked: true } : null;
    const credential: VerifiedCredential = { kind: found.kind, tenantId: found.tenantId, subject: found.subject };
    if (found.rotatedAway) credential.rotatedAway = true;
    return credential;
  };

  return {
    async verify(token) {
      const key = createHash('sha256').update(token).digest('base64');
      const cached = cache.get(key);
      if (cached && now() - cached.at < cacheMs) return cached.credential;
      let pending = inFlight.get(key);
      if (!pending) {
        const started = now();
        pending = ask(token).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
        const credential = await pending;
        if (cacheMs > 0) {
          if (cache.size >= MAX_ENTRIES) cache.clear();
          // Aged from when the question was asked: a revocation committed after that is seen within cacheMs.
          cache.set(key, { at: started, credential });
        }
        return credential;
      }
      return pending;
    },
  };
}
