/** `GET /v1/events?after=<position>&limit=` (service, manager): the store's published outbox events, in feed order. */

import { LIMITS } from '@pos/shared/limits';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { readEvents } from '../../common/outbox.ts';
import { parseOr400 } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';

const eventsQuery = z.strictObject({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).optional(),
});

export function eventsRouter(ctx: ServiceContext): Router {
  const router = Router();
  router.get('/events', allow('service', 'manager'), async (req, res) => {
    const query = parseOr400(eventsQuery, req.query, 'query');
    res.json({ events: await readEvents(ctx.pool, principalOf(req).tenantId, query.after ?? 0, query.limit ?? 100) });
  });
  return router;
}
