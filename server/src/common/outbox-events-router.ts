/**
 * `GET /v1/events?after=<position>|cursor=&limit=` (service, manager): a store's published outbox events, in
 * feed order, paged like every list (shared/src/page.ts) → `{ events, nextCursor, hasMore }`. `after` is
 * an event id (its feed position) — POS Core's relay resumes from the last one it copied; `cursor` goes
 * on where a page ended. Not both. Inventory and Payment serve their feed with this router.
 */
import { cursorCodec, cutPage, integerPosition, knownPosition, pageQuery } from '@pos/shared/page';
import { Router } from 'express';
import { allow, principalOf } from './auth.ts';
import type { Queryable } from './db.ts';
import { readEvents } from './outbox.ts';
import { parseOr400 } from './problem.ts';

/** Cursors of a service's event list: the position of the last event of a page. */
export const eventsCursor = cursorCodec('events', integerPosition);

const eventsQuery = pageQuery(eventsCursor, { after: knownPosition('must be an event id').optional() }, { startAfter: 'after' });

export function outboxEventsRouter(db: Queryable): Router {
  const router = Router();
  router.get('/events', allow('service', 'manager'), async (req, res) => {
    const query = parseOr400(eventsQuery, req.query, 'query');
    const events = await readEvents(db, principalOf(req).tenantId, query.cursor ?? query.after ?? 0, query.limit + 1);
    const page = cutPage(events, query.limit, eventsCursor, (e) => Number(e.id));
    res.json({ events: page.rows, nextCursor: page.nextCursor, hasMore: page.hasMore });
  });
  return router;
}
