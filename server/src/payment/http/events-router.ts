/** `GET /v1/events?after=<position>&limit=`: the tenant's published outbox events, for POS Core's relay and managers. */

import { LIMITS } from '@pos/shared/limits';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { readEvents } from '../../common/outbox.ts';
import { parseOr400 } from '../../common/problem.ts';

const DEFAULT_LIMIT = 100;
const count = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

const eventsQuery = z.strictObject({
  after: count.optional(),
  limit: count.pipe(z.number().min(1).max(LIMITS.maxPageSize)).optional(),
});

export function eventsRouter(pool: Pool): Router {
  const router = Router();
  router.get('/events', allow('service', 'manager'), async (req, res) => {
    const query = parseOr400(eventsQuery, req.query, 'query');
    const events = await readEvents(pool, principalOf(req).tenantId, query.after ?? 0, query.limit ?? DEFAULT_LIMIT);
    res.json({ events });
  });
  return router;
}
