/**
 * Refunds (issue #14; DESIGN §4, §7): parse, authorize, call the domain, answer.
 *   POST /v1/refunds                 (till)          Idempotency-Key = refund id → 201 | 202 { refund }
 *   GET  /v1/refunds/:id             (till, manager) { refund }  — any till of the store (a refund may be made at any till)
 *   GET  /v1/orders/:id/refunds      (till, manager) { order, refunds, refundable } — what the refund screen needs
 *   GET  /v1/store/refund-discrepancies (manager)    { refunds } — flagged offline refunds and refused card refunds
 */
import { HEADERS } from '@pos/shared/http';
import { orderId } from '@pos/shared/order';
import { refundId } from '@pos/shared/refund';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { sendIdempotent } from '../../common/idempotency.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import { loadOrderView } from '../domain/order-view.ts';
import { loadOrderRefunds } from '../domain/refunds/order-refunds.ts';
import type { RefundDeps } from '../domain/refunds/refund-deps.ts';
import { listRefundDiscrepancies } from '../domain/refunds/refund-discrepancies.ts';
import { loadRefundView } from '../domain/refunds/refund-view.ts';
import { submitRefund } from '../domain/refunds/submit-refund.ts';

const refundParams = z.object({ id: refundId });
const orderParams = z.object({ id: orderId });

export function refundsRouter(deps: RefundDeps): Router {
  const router = Router();

  router.post('/refunds', allow('terminal'), async (req, res) => {
    sendIdempotent(res, await submitRefund(deps, principalOf(req), req.get(HEADERS.idempotencyKey), req.body));
  });

  router.get('/refunds/:id', allow('terminal', 'manager'), async (req, res) => {
    const { id } = parseOr400(refundParams, req.params, 'path');
    const refund = await loadRefundView(deps.pool, principalOf(req).tenantId, id);
    if (!refund) throw problems.notFound('refund');
    res.json({ refund });
  });

  // Any till of the store: a customer may bring a sale back to another till than the one that sold it.
  router.get('/orders/:id/refunds', allow('terminal', 'manager'), async (req, res) => {
    const { id } = parseOr400(orderParams, req.params, 'path');
    const { tenantId } = principalOf(req);
    const order = await loadOrderView(deps.pool, tenantId, id);
    if (!order) throw problems.notFound('order');
    res.json({ order, ...(await loadOrderRefunds(deps.pool, tenantId, order)) });
  });

  router.get('/store/refund-discrepancies', allow('manager'), async (req, res) => {
    parseOr400(z.strictObject({}), req.query, 'query');
    res.json({ refunds: await listRefundDiscrepancies(deps.pool, principalOf(req).tenantId, 200) });
  });

  return router;
}
