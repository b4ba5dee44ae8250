/**
 * Who is calling. The tenant always comes from the credential, never from a body (G7).
 *
 * - terminal: a paired till; may submit and read its own orders, read its store's catalogue and events.
 * - manager: a store manager; may read everything of its store and adjust stock.
 * - service: POS Core's service credential; the only one that may reserve stock or move money.
 *   It acts for one tenant per request, named in the `Pos-Tenant` header.
 */

import { HEADERS } from '@pos/shared/http';
import type { NextFunction, Request, Response } from 'express';
import { problems } from './problem.ts';

export type PrincipalKind = 'terminal' | 'manager' | 'service';

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
    }
  }
}

/** What a token resolves to; `tenantId` is null for the service credential. */
export interface VerifiedCredential {
  kind: PrincipalKind;
  tenantId: string | null;
  subject: string;
}

/** Resolves a bearer token. Resolves null for an unknown, expired or revoked token. */
export interface TokenVerifier {
  verify(token: string): Promise<VerifiedCredential | null>;
}

export interface StaticCredential {
  token: string;
  kind: PrincipalKind;
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

export function authenticate(verifier: TokenVerifier) {
  return async (req: Request, _res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]{16,256})$/.exec(header);
    if (!match?.[1]) throw problems.unauthorized();
    const found = await verifier.verify(match[1]);
    if (!found) throw problems.unauthorized('The bearer token is not valid.');
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
