/**
 * Routes outside any store, mounted before store authentication; each checks its own caller:
 *   POST /v1/stores                   operator (POS_OPERATOR_TOKEN)  { name, storeId?, currency } → 201 { storeId, name, currency, managerToken }
 *   POST /v1/pairing                  no credential, rate limited per address  { code, terminalId } → 201 { token, terminalId, storeId }
 *   POST /v1/credentials/introspect   service credential  { token } → 200 { active: true, kind, tenantId, subject, rotatedAway? }
 *                                     | { active: false, revoked? }   (Inventory and Payment ask this)
 * Introspection answers only tills' and managers' tokens: configured credentials (service, operator)
 * are each service's own configuration and are never vouched for by POS Core.
 */
import type { IntrospectionAnswer } from '@pos/shared/credential';
import { type PairingAnswer, pairingRequest } from '@pos/shared/pairing';
import { createStoreRequest } from '@pos/shared/store';
import { Router } from 'express';
import { z } from 'zod';
import { requireCredential, type TokenVerifier } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { envToken } from '../../common/env.ts';
import { parseOr400 } from '../../common/problem.ts';
import type { RateLimiter } from '../../common/rate-limit.ts';
import { pairTerminal } from '../tenancy/pairing.ts';
import { createStore } from '../tenancy/stores.ts';

const introspectionRequest = z.strictObject({ token: envToken });

/** `onCredentialsChanged`: pairing a till id again revoked its earlier tokens — their open streams re-check now. */
export function platformRouter(pool: Pool, verifier: TokenVerifier, rateLimiter: RateLimiter, onCredentialsChanged: () => void): Router {
  const router = Router();
  router.post('/stores', requireCredential(verifier, 'operator'), async (req, res) => {
    res.status(201).json(await createStore(pool, parseOr400(createStoreRequest, req.body, 'body')));
  });
  router.post('/pairing', rateLimiter.address('pairing'), async (req, res) => {
    const { code, terminalId: id } = parseOr400(pairingRequest, req.body, 'body');
    const paired = await pairTerminal(pool, code, id);
    onCredentialsChanged();
    res.status(201).json(paired satisfies PairingAnswer);
  });
  router.post('/credentials/introspect', requireCredential(verifier, 'service'), async (req, res) => {
    const { token } = parseOr400(introspectionRequest, req.body, 'body');
    const found = await verifier.verify(token);
    if (!found || (found.kind !== 'terminal' && found.kind !== 'manager')) {
      res.json({ active: false } satisfies IntrospectionAnswer);
      return;
    }
    if (found.revoked) {
      res.json({ active: false, revoked: true } satisfies IntrospectionAnswer);
      return;
    }
    const { kind, tenantId, subject, rotatedAway } = found;
    res.json({ active: true, kind, tenantId, subject, ...(rotatedAway ? { rotatedAway } : {}) });
  });
  return router;
}
