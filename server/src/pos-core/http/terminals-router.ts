/** The server's view of a till (G6): `GET /v1/terminals/:id/reconciliation`. */
import { terminalId } from '@pos/shared/order';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import { canSeeTerminal } from '../domain/order-access.ts';
import { reconcileTerminal } from '../domain/reconciliation.ts';

export function terminalsRouter(pool: Pool): Router {
  const router = Router();
  router.get('/terminals/:id/reconciliation', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseOr400(z.object({ id: terminalId }), req.params, 'path');
    if (!canSeeTerminal(principal, id)) throw problems.notFound('terminal');
    res.json(await reconcileTerminal(pool, principal.tenantId, id));
  });
  return router;
}
