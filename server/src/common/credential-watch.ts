/**
 * A stream (SSE) outlives the one check `authenticate` made when it opened. Every stream of a service
 * holds its credential through the service's one CredentialWatch, which keeps streams to the bound
 * of requests:
 *
 * - `confirm()` re-verifies the credential; a stream calls it after reading what it is about to send
 *   and before sending it, so it delivers nothing that was written after its credential stopped
 *   working (POS Core verifies without a cache: a revocation counts at once; Inventory and Payment
 *   would count it within their ≤ 1 s introspection cache, as for requests).
 * - Every `recheckMs` (default 500) the watch re-verifies every held credential, so an idle stream of
 *   a credential revoked by any process (another instance behind the load balancer) ends within
 *   recheckMs + one verification.
 * - `recheckNow()` re-verifies them at once; the process that revokes or rotates a credential calls
 *   it after its commit, so its own streams end within one verification. A call during a round is
 *   followed by one more round (that round's lookups may predate the caller's commit).
 *
 * A held credential is lost when its token no longer verifies, is revoked, verifies as another
 * principal, or was rotated away: a newer token of the till exists and the old one only has its
 * rotation grace left, which exists for requests whose answer was lost — a stream reconnects with the
 * new token and resumes by Last-Event-ID, losing nothing. A verification that fails (database or
 * POS Core unreachable) loses it too: a request would be refused then. When the credential is lost,
 * the held credential's `signal` aborts and the stream ends itself.
 */
import type { Request } from 'express';
import { bearerToken, type Principal, principalOf, type TokenVerifier, type VerifiedCredential } from './auth.ts';
import { type BackgroundLoop, startBackgroundLoop } from './background-loop.ts';
import type { Logger } from './logger.ts';
import { problems } from './problem.ts';

/** How often every held credential is re-verified when nothing asks sooner. */
export const DEFAULT_STREAM_RECHECK_MS = 500;

export interface HeldCredential {
  /** Aborts when the credential is lost. */
  readonly signal: AbortSignal;
  /** Verifies the credential now: false (and `signal` aborted) once it is lost. Never rejects. */
  confirm(): Promise<boolean>;
  /** The stream ended: stop watching its credential. */
  release(): void;
}

export interface CredentialWatch {
  /**
   * Holds the credential of an authenticated request for a stream. Refuses (401) a credential that
   * could not hold one: revoked, unknown, or rotated away.
   */
  hold(req: Request): Promise<HeldCredential>;
  /** Re-verifies every held credential now (after this process revoked or rotated one). */
  recheckNow(): void;
  /** How many streams hold a credential. */
  readonly held: number;
  /** Stops re-checking and aborts every held credential. */
  stop(): Promise<void>;
}

interface Entry {
  token: string;
  principal: Principal;
  controller: AbortController;
}

/** Whether a verification still vouches for the principal a stream opened as. */
function stillHolds(found: VerifiedCredential | null, principal: Principal): boolean {
  if (!found || found.revoked || found.rotatedAway) return false;
  // The service credential names its tenant per request (Pos-Tenant): its tenant is the principal's.
  const tenantId = found.tenantId ?? (found.kind === 'service' ? principal.tenantId : null);
  return found.kind === principal.kind && found.subject === principal.subject && tenantId === principal.tenantId;
}

export function createCredentialWatch(verifier: TokenVerifier, logger: Logger, options: { recheckMs?: number } = {}): CredentialWatch {
  const entries = new Set<Entry>();

  const verify = async (token: string): Promise<VerifiedCredential | null> => {
    try {
      return await verifier.verify(token);
    } catch (error) {
      logger.warn({ err: error }, 'a stream credential could not be verified; its streams end');
      return null;
    }
  };
  const lose = (entry: Entry) => {
    entries.delete(entry);
    entry.controller.abort(new Error('credential lost'));
  };
  const check = async (entry: Entry): Promise<boolean> => {
    if (entry.controller.signal.aborted) return false;
    const holds = stillHolds(await verify(entry.token), entry.principal);
    if (!holds) lose(entry);
    return holds && !entry.controller.signal.aborted;
  };

  /** One round: each distinct token verified once. */
  const round = async () => {
    const byToken = new Map<string, Entry[]>();
    for (const entry of entries) byToken.set(entry.token, [...(byToken.get(entry.token) ?? []), entry]);
    await Promise.all(
      [...byToken].map(async ([token, held]) => {
        const found = await verify(token);
        for (const entry of held) if (!stillHolds(found, entry.principal)) lose(entry);
      }),
    );
    return false;
  };
  const loop: BackgroundLoop = startBackgroundLoop('stream-credentials', options.recheckMs ?? DEFAULT_STREAM_RECHECK_MS, round, logger);

  return {
    async hold(req) {
      const token = bearerToken(req);
      const principal = principalOf(req);
      if (!token) throw problems.unauthorized();
      const found = await verifier.verify(token);
      if (found?.revoked) throw problems.credentialRevoked();
      if (found?.rotatedAway) throw problems.unauthorized('This token was replaced by a newer one: open the stream with the new token.');
      if (!stillHolds(found, principal)) throw problems.unauthorized('The bearer token is not valid.');
      const entry: Entry = { token, principal, controller: new AbortController() };
      entries.add(entry);
      return {
        signal: entry.controller.signal,
        confirm: () => check(entry),
        release: () => void entries.delete(entry),
      };
    },
    recheckNow: () => loop.poke(),
    get held() {
      return entries.size;
    },
    async stop() {
      await loop.stop();
      for (const entry of entries) lose(entry);
    },
  };
}
