/**
 * Payment's HTTP API (docs/ARCHITECTURE.md, "Payment"). Money moves only with POS Core's service
 * credential; a store manager may read. Every mutating call: credential → Idempotency-Key → body
 * (strict) → path, all checked before the key is claimed, so a bad request changes nothing (G8).
 * The tenant comes from the credential only (G7). Bodies are never logged: they carry card tokens.
 */

import { orderId } from '@pos/shared/order';
import { pageQuery } from '@pos/shared/page';
import { authorizeRequest, captureRequest, refundRequest, voidRequest } from '@pos/shared/payment';
import { type Request, Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { fingerprintOf, sendIdempotent } from '../../common/idempotency.ts';
import { parseOr400 } from '../../common/problem.ts';
import { authorizePayment } from '../domain/authorize-payment.ts';
import { capturePayment, refundPayment, voidPayment } from '../domain/move-money.ts';
import type { IdempotentCommand, PaymentDeps } from '../domain/payment-deps.ts';
import { listPayments, paymentsCursor } from '../domain/payment-store.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

const orderPath = z.strictObject({ orderId });
const paymentsQuery = pageQuery(paymentsCursor, { orderId: orderId.optional() });

/** Validates the key and the body of a mutating request (before any claim); the fingerprint covers method, path and body. */
function commandOf<S extends z.ZodType>(
  req: Request,
  schema: S,
  body: unknown = req.body,
): { command: IdempotentCommand; body: z.infer<S> } {
  const key = idempotencyKeyOf(req);
  const parsed = parseOr400(schema, body, 'body');
  const path = `${req.baseUrl}${req.path}`;
  return {
    command: { tenantId: principalOf(req).tenantId, key, fingerprint: fingerprintOf({ method: req.method, path, body: parsed }) },
    body: parsed,
  };
}

export function paymentsRouter(deps: PaymentDeps): Router {
  const router = Router();

  router.post('/payments', allow('service'), async (req, res) => {
    const { command, body } = commandOf(req, authorizeRequest);
    sendIdempotent(res, await authorizePayment(deps, command, body));
  });

  router.post('/payments/:orderId/capture', allow('service'), async (req, res) => {
    const { command, body } = commandOf(req, captureRequest);
    const path = parseOr400(orderPath, req.params, 'path');
    sendIdempotent(res, await capturePayment(deps, command, path.orderId, body.amount));
  });

  router.post('/payments/:orderId/void', allow('service'), async (req, res) => {
    // The body is `{}`; an absent body means the same.
    const { command } = commandOf(req, voidRequest, req.body ?? {});
    const path = parseOr400(orderPath, req.params, 'path');
    sendIdempotent(res, await voidPayment(deps, command, path.orderId));
  });

  router.post('/payments/:orderId/refund', allow('service'), async (req, res) => {
    const { command, body } = commandOf(req, refundRequest);
    const path = parseOr400(orderPath, req.params, 'path');
    sendIdempotent(res, await refundPayment(deps, command, path.orderId, body.amount));
  });

  router.get('/payments', allow('service', 'manager'), async (req, res) => {
    const query = parseOr400(paymentsQuery, req.query, 'query');
    res.json(
      await listPayments(deps.pool, principalOf(req).tenantId, { orderId: query.orderId, afterId: query.cursor ?? '', limit: query.limit }),
    );
  });

  return router;
}
