/** Orders (DESIGN §4): parse, authorize, call the domain, answer. */
import { HEADERS } from '@pos/shared/http';
import { orderBatch, orderId, terminalId } from '@pos/shared/order';
import { knownPosition, pageQuery } from '@pos/shared/page';
import { tillSyncHeader } from '@pos/shared/till-sync-report';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { sendIdempotent } from '../../common/idempotency.ts';
import { idempotencyKeyError } from '../../common/idempotent-request.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import { cancelOrder } from '../domain/cancel-order.ts';
import { listOrders, ordersCursor } from '../domain/list-orders.ts';
import { canSeeTerminal } from '../domain/order-access.ts';
import type { OrderDeps } from '../domain/order-deps.ts';
import { loadOrderView } from '../domain/order-view.ts';
import { submitBatch } from '../domain/submit-batch.ts';
import { submitOrder } from '../domain/submit-order.ts';
import { recordTillContact } from '../domain/till-contact.ts';

const idParams = z.object({ id: orderId });
/** `after`: start after this seq of the till (DESIGN §4); `cursor`: go on where a page ended. Not both. */
const listQuery = pageQuery(
  ordersCursor,
  { terminalId, after: knownPosition('must be a sequence number').optional() },
  { startAfter: 'after' },
);

export function ordersRouter(deps: OrderDeps): Router {
  const router = Router();

  router.post('/orders', allow('terminal'), async (req, res) => {
    sendIdempotent(res, await submitOrder(deps, principalOf(req), req.get(HEADERS.idempotencyKey), req.body));
  });

  router.post('/orders/batch', allow('terminal'), async (req, res) => {
    const principal = principalOf(req);
    const report = parseOr400(tillSyncHeader.optional(), req.get(HEADERS.tillSync), HEADERS.tillSync);
    const { orders } = parseOr400(orderBatch, req.body, 'body');
    // Before the orders: while a long batch is recorded, the console already names what is still to come.
    await recordTillContact(deps.pool, principal.tenantId, principal.subject, report ?? null);
    res.status(200).json({ results: await submitBatch(deps, principalOf(req), orders) });
  });

  router.get('/orders', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const query = parseOr400(listQuery, req.query, 'query');
    if (!canSeeTerminal(principal, query.terminalId)) throw problems.forbidden('A till may list only its own orders.');
    res.json(await listOrders(deps.pool, principal.tenantId, query.terminalId, query.cursor ?? query.after ?? 0, query.limit));
  });

  router.get('/orders/:id', allow('terminal', 'manager'), async (req, res) => {
    const principal = principalOf(req);
    const { id } = parseOr400(idParams, req.params, 'path');
    const order = await loadOrderView(deps.pool, principal.tenantId, id);
    if (!order || !canSeeTerminal(principal, order.terminalId)) throw problems.notFound('order');
    res.json({ order });
  });

  router.post('/orders/:id/cancel', allow('terminal', 'manager'), async (req, res) => {
    const { id } = parseOr400(idParams, req.params, 'path');
    // Optional: without one, the cancel's key is `<id>:cancel` (cancel-order.ts).
    const key = req.get(HEADERS.idempotencyKey);
    const keyError = key === undefined ? null : idempotencyKeyError(key);
    if (keyError) throw problems.validation([keyError]);
    sendIdempotent(res, await cancelOrder(deps, principalOf(req), id, key));
  });

  return router;
}
