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
import type { Pool } from '../../common/db.ts';
import { parseOr400 } from '../../common/problem.ts';
import type { EventFeed } from '../domain/event-feed.ts';
import { recordTillContact } from '../domain/till-contact.ts';

const position = z
  .string()
  .regex(/^\d{1,15}$/, 'must be an event id received from this feed')
  .transform(Number);

/** How often a till's open stream counts as contact (the console's "last seen"; far below any silence setting). */
const CONTACT_INTERVAL_MS = 10_000;

export function eventsRouter(feed: EventFeed, watch: CredentialWatch, pool: Pool): Router {
  const router = Router();
  router.get('/events', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const raw = req.get(HEADERS.lastEventId) ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined);
    const after = raw === undefined ? 0 : parseOr400(position, raw, HEADERS.lastEventId);
    const credential = await watch.hold(req);
    // A till's open stream is contact: an idle till with nothing to sync is not silent.
    const touch = () => {
      if (principal.kind === 'terminal') recordTillContact(pool, principal.tenantId, principal.subject, null).catch(() => {});
    };
    touch();
    const contact = setInterval(touch, CONTACT_INTERVAL_MS);
    try {
      await feed.serve(principal.tenantId, after, res, credential);
    } finally {
      clearInterval(contact);
    }
  });
  return router;
}
