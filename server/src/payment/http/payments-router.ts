/**
 * Payment's HTTP API (docs/ARCHITECTURE.md, "Payment"). Money moves only with POS Core's service
 * credential; a store manager may read. Every mutating call: credential → Idempotency-Key → body
 * (strict) → path, all checked before the key is claimed, so a bad request changes nothing (G8).
 * The tenant comes from the credential only (G7). Bodies are never logged: they carry card tokens.
 */

import { orderId } from '@pos/shared/order';
import { pageQuery } from '@pos/shared/page';
import { authorizeRequest, captureRequest, refundRequest, voidRequest } from '@pos/shared/payment';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { sendIdempotent } from '../../common/idempotency.ts';
import { idempotentCommand } from '../../common/idempotent-request.ts';
import { parseOr400 } from '../../common/problem.ts';
import { authorizePayment } from '../domain/authorize-payment.ts';
import { capturePayment, refundPayment, voidPayment } from '../domain/move-money.ts';
import type { PaymentDeps } from '../domain/payment-deps.ts';
import { listPayments, paymentsCursor } from '../domain/payment-store.ts';

const orderPath = z.strictObject({ orderId });
const paymentsQuery = pageQuery(paymentsCursor, { orderId: orderId.optional() });

export function paymentsRouter(deps: PaymentDeps): Router {
  const router = Router();

  router.post('/payments', allow('service'), async (req, res) => {
    const { command, body } = idempotentCommand(req, authorizeRequest);
    sendIdempotent(res, await authorizePayment(deps, command, body));
  });

  router.post('/payments/:orderId/capture', allow('service'), async (req, res) => {
    const { command, body } = idempotentCommand(req, captureRequest);
    const path = parseOr400(orderPath, req.params, 'path');
    sendIdempotent(res, await capturePayment(deps, command, path.orderId, body.part ?? 1, body.amount));
  });

  router.post('/payments/:orderId/void', allow('service'), async (req, res) => {
    // The body is `{}` or `{ part }`; an absent body means `{}` (part 1).
    const { command, body } = idempotentCommand(req, voidRequest, { body: req.body ?? {} });
    const path = parseOr400(orderPath, req.params, 'path');
    sendIdempotent(res, await voidPayment(deps, command, path.orderId, body.part ?? 1));
  });

  router.post('/payments/:orderId/refund', allow('service'), async (req, res) => {
    const { command, body } = idempotentCommand(req, refundRequest);
    const path = parseOr400(orderPath, req.params, 'path');
    sendIdempotent(res, await refundPayment(deps, command, path.orderId, body.part ?? 1, body.amount));
  });

  router.get('/payments', allow('service', 'manager'), async (req, res) => {
    const query = parseOr400(paymentsQuery, req.query, 'query');
    res.json(
      await listPayments(deps.pool, principalOf(req).tenantId, { orderId: query.orderId, afterId: query.cursor ?? '', limit: query.limit }),
    );
  });

  return router;
}
