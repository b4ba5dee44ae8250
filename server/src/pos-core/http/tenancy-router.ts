/**
 * A store's own credentials (store-scoped; the tenant is the caller's):
 *   POST /v1/pairing-codes          manager            { ttlSeconds? } → 201 { code, storeId, expiresAt }
 *   POST /v1/terminals/:id/revoke   manager            → 200 { terminalId, revokedAt }
 *   POST /v1/terminals/:id/token    the till itself or its manager  { onlyIfRequested? } → 201 { token, terminalId, storeId, previousValidUntil }
 *                                   (onlyIfRequested: 409 unless a manager's rotation request waits)
 *   POST /v1/terminals/:id/rotation-request   manager  → 202 { terminalId, requestedAt }: the till rotates itself (terminal-credentials.ts)
 * Another store's till answers 404. These calls answer secrets, so they are deliberately not replayed
 * from the idempotency table (that would store the secret): a lost answer is recovered by calling
 * again (a new code; rotating again within the grace; revoking is idempotent by itself).
 * A revocation or rotation ends the streams of the till's earlier tokens (common/credential-watch.ts).
 */
import { terminalId } from '@pos/shared/order';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import { canSeeTerminal } from '../domain/order-access.ts';
import { createPairingCode } from '../tenancy/pairing.ts';
import { requestTokenRotation, revokeTerminal, rotateTerminalToken } from '../tenancy/terminal-credentials.ts';

const pairingCodeRequest = z.strictObject({ ttlSeconds: z.number().int().min(60).max(86_400).default(900) });
const terminalParams = z.object({ id: terminalId });
const emptyBody = z.strictObject({});
const rotationBody = z.strictObject({ onlyIfRequested: z.literal(true).optional() });

export interface TenancyRouterOptions {
  tokenRotationGraceMs: number;
  /** After a revocation or rotation committed: open streams re-check their credentials now. */
  onCredentialsChanged: () => void;
}

export function tenancyRouter(pool: Pool, options: TenancyRouterOptions): Router {
  const router = Router();
  router.post('/pairing-codes', allow('manager'), async (req, res) => {
    const principal = principalOf(req);
    const { ttlSeconds } = parseOr400(pairingCodeRequest, req.body ?? {}, 'body');
    res.status(201).json(await createPairingCode(pool, principal.tenantId, principal.subject, ttlSeconds));
  });
  router.post('/terminals/:id/revoke', allow('manager'), async (req, res) => {
    const { id } = parseOr400(terminalParams, req.params, 'path');
    parseOr400(emptyBody, req.body ?? {}, 'body');
    const revoked = await revokeTerminal(pool, principalOf(req).tenantId, id);
    options.onCredentialsChanged();
    res.json(revoked);
  });
  router.post('/terminals/:id/token', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseOr400(terminalParams, req.params, 'path');
    const { onlyIfRequested } = parseOr400(rotationBody, req.body ?? {}, 'body');
    if (!canSeeTerminal(principal, id)) throw problems.notFound('terminal');
    const rotated = await rotateTerminalToken(pool, principal.tenantId, id, options.tokenRotationGraceMs, { onlyIfRequested });
    options.onCredentialsChanged();
    res.status(201).json(rotated);
  });
  router.post('/terminals/:id/rotation-request', allow('manager'), async (req, res) => {
    const { id } = parseOr400(terminalParams, req.params, 'path');
    parseOr400(emptyBody, req.body ?? {}, 'body');
    res.status(202).json(await requestTokenRotation(pool, principalOf(req).tenantId, id));
  });
  return router;
}
