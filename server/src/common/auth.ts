/**
 * Who is calling. The tenant always comes from the credential, never from a body (G7).
 *
 * - terminal: a paired till; may submit and read its own orders, read its store's catalogue and events.
 * - manager: a store manager; may read everything of its store and adjust stock.
 * - service: POS Core's service credential; the only one that may reserve stock or move money.
 *   It acts for one tenant per request, named in the `Pos-Tenant` header.
 * - operator: the platform operator (POS_OPERATOR_TOKEN); may only create stores. It belongs to no
 *   store, so `authenticate` refuses it on every store-scoped route.
 *
 * Verifiers compose (`chainVerifiers`): the static credentials of the configuration first (service,
 * operator, demo store), then the paired tills and managers (POS Core's database, or POS Core's
 * introspection from Inventory and Payment). See docs/ARCHITECTURE.md, "Tenancy and credentials".
 */

import { HEADERS } from '@pos/shared/http';
import type { NextFunction, Request, Response } from 'express';
import { problems } from './problem.ts';

export type PrincipalKind = 'terminal' | 'manager' | 'service';
/** Every kind of credential; an operator is no principal of any store. */
export type CredentialKind = PrincipalKind | 'operator';

export interface Principal {
  kind: PrincipalKind;
  tenantId: string;
  /** The till's id for a terminal, the manager's or service's name otherwise. */
  subject: string;
}

declare global {
  namespace Express {
    interface Request {
      principal?: Principal;
      /** Set by `requireCredential` on routes outside any store (pairing, stores, introspection). */
      credential?: VerifiedCredential;
    }
  }
}

/** What a token resolves to; `tenantId` is null for the service and operator credentials. */
export interface VerifiedCredential {
  kind: CredentialKind;
  tenantId: string | null;
  subject: string;
  /**
   * The token was valid once and has been revoked (its till was revoked): refused like an unknown
   * token, but with the `credential-revoked` problem type so that the till can say so.
   */
  revoked?: true;
  /**
   * A newer token of the same till exists: this one still works for requests until its rotation grace
   * ends (a till whose answer was lost can rotate again), but holds no stream (credential-watch.ts).
   */
  rotatedAway?: true;
}

/** Resolves a bearer token. Resolves null for an unknown or expired token. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedCredential | null>;
}

/** Asks each verifier in turn; the first that knows the token answers. */
export function chainVerifiers(...verifiers: readonly TokenVerifier[]): TokenVerifier {
  return {
    async verify(token) {
      for (const verifier of verifiers) {
        const found = await verifier.verify(token);
        if (found) return found;
      }
      return null;
    },
  };
}

export interface StaticCredential {
  token: string;
  kind: CredentialKind;
  /** null for the service credential, which names its tenant per request. */
  tenantId: string | null;
  subject: string;
}

/** Compares without leaking the position of the first difference through timing. */
function safeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** A fixed set of credentials from configuration (the demo store and the service credential). */
export function staticTokenVerifier(credentials: readonly StaticCredential[]): TokenVerifier {
  return {
    async verify(token) {
      const found = credentials.find((c) => safeEqual(c.token, token));
      return found ? { kind: found.kind, tenantId: found.tenantId, subject: found.subject } : null;
    },
  };
}

const TENANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/;

/** The bearer token of a request, or null when there is none or it is malformed. */
export function bearerToken(req: Request): string | null {
  return BEARER.exec(req.get('authorization') ?? '')?.[1] ?? null;
}

/** Verifies the request's bearer token; throws 401 for a missing, unknown or revoked one. */
async function verifiedCaller(verifier: TokenVerifier, req: Request): Promise<VerifiedCredential> {
  const token = bearerToken(req);
  if (!token) throw problems.unauthorized();
  const found = await verifier.verify(token);
  if (!found) throw problems.unauthorized('The bearer token is not valid.');
  if (found.revoked) throw problems.credentialRevoked();
  return found;
}

/** Store-scoped routes: sets `req.principal`, whose tenant comes from the credential (or `Pos-Tenant` for the service). */
export function authenticate(verifier: TokenVerifier) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const found = await verifiedCaller(verifier, req);
    if (found.kind === 'operator') throw problems.unauthorized('The credential names no store.');
    let tenantId = found.tenantId;
    if (found.kind === 'service') {
      const named = req.get(HEADERS.tenant);
      if (!named || !TENANT_PATTERN.test(named))
        throw problems.validation([{ path: HEADERS.tenant, message: 'required with a service credential' }]);
      tenantId = named;
    }
    if (!tenantId) throw problems.unauthorized('The credential names no store.');
    req.principal = { kind: found.kind, tenantId, subject: found.subject };
    next();
  };
}

/** Routes outside any store (creating stores, introspection): only the listed kinds; sets `req.credential`. */
export function requireCredential(verifier: TokenVerifier, ...kinds: CredentialKind[]) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const found = await verifiedCaller(verifier, req);
    if (!kinds.includes(found.kind)) throw problems.forbidden();
    req.credential = found;
    next();
  };
}

/** Allows only the listed kinds of caller. */
export function allow(...kinds: PrincipalKind[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.principal || !kinds.includes(req.principal.kind)) throw problems.forbidden();
    next();
  };
}

export function principalOf(req: Request): Principal {
  if (!req.principal) throw problems.unauthorized();
  return req.principal;
}
