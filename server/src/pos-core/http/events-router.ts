/**
 * `GET /v1/events`: the tenant's events as `text/event-stream`, resuming after `Last-Event-ID` (or
 * `?lastEventId=`). The stream holds its credential through the service's CredentialWatch: it ends
 * when the credential is revoked or rotated away, within the bound of requests.
 */
import { HEADERS } from '@pos/shared/http';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { CredentialWatch } from '../../common/credential-watch.ts';
import { parseOr400 } from '../../common/problem.ts';
import type { EventFeed } from '../domain/event-feed.ts';

const position = z
  .string()
  .regex(/^\d{1,15}$/, 'must be an event id received from this feed')
  .transform(Number);

export function eventsRouter(feed: EventFeed, watch: CredentialWatch): Router {
  const router = Router();
  router.get('/events', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const raw = req.get(HEADERS.lastEventId) ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    const after = raw === undefined ? 0 : parseOr400(position, raw, HEADERS.lastEventId);
    const credential = await watch.hold(req);
    await feed.serve(principal.tenantId, after, res, credential);
  });
  return router;
}
