/**
 * The kitchen's API (store staff: the manager's or a till's credential; the store from the token):
 *   GET  /v1/tickets                  the board: open tickets oldest first, and the last bumped
 *   GET  /v1/tickets/stream           the board live (SSE, ticket-feed.ts)
 *   POST /v1/tickets/:orderId/bump    done: open → bumped
 *   POST /v1/tickets/:orderId/recall  back on the board: bumped → open
 * Bump and recall name their target state, so a retry or a double tap answers the same ticket
 * unchanged (200) and never moves another one. Another store's ticket is 404; a voided one 409.
 */
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { CredentialWatch } from '../../common/credential-watch.ts';
import { type Pool, withTransaction } from '../../common/db.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import { moveTicket, readBoard } from '../domain/ticket-store.ts';
import type { TicketFeed } from './ticket-feed.ts';

const ticketParams = z.strictObject({ orderId: z.string().min(1).max(64) });
const noQuery = z.strictObject({});

export function ticketsRouter(pool: Pool, feed: TicketFeed, watch: CredentialWatch): Router {
  const router = Router();
  const staff = allow('manager', 'terminal');

  router.get('/tickets', staff, async (req, res) => {
    parseOr400(noQuery, req.query, 'query');
    res.json(await readBoard(pool, principalOf(req).tenantId));
  });

  router.get('/tickets/stream', staff, async (req, res) => {
    parseOr400(noQuery, req.query, 'query');
    feed.serve(principalOf(req).tenantId, res, await watch.hold(req));
  });

  for (const [action, to] of [
    ['bump', 'bumped'],
    ['recall', 'open'],
  ] as const) {
    router.post(`/tickets/:orderId/${action}`, staff, async (req, res) => {
      const { orderId } = parseOr400(ticketParams, req.params, 'path');
      const moved = await withTransaction(pool, (tx) => moveTicket(tx, principalOf(req).tenantId, orderId, to));
      if (moved.kind === 'not_found') throw problems.notFound('ticket');
      if (moved.kind === 'voided') throw problems.conflict('This ticket was voided: its order was cancelled or refunded.');
      res.json({ ticket: moved.ticket });
    });
  }
  return router;
}
