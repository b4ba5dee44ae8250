/**
 * Reservation endpoints, for POS Core's saga only (service credential; reads also for managers).
 * Each mutation's Idempotency-Key is the saga step's fixed key (`<orderId>:reserve|commit|release`).
 *   POST /v1/reservations                     ReserveRequest → 201 { reservation } held | rejected
 *                                             (200 when the order already had one, e.g. a released tombstone)
 *   POST /v1/reservations/:orderId/commit     {} → 200 { reservation } committed (released/rejected: 409; unknown: 404)
 *   POST /v1/reservations/:orderId/release    {} → 200 { reservation } released (committed: 409)
 *   GET  /v1/reservations/:orderId            { reservation }
 *   POST /v1/reservations/batch               SettleBatchRequest → 200 { results } (reserve + commit of many
 *                                             cash sales in ONE transaction; key `settle:<uuid>` per attempt;
 *                                             see shared/src/reservation-batch.ts and domain/place-reservations.ts)
 */

import { stepKey } from '@pos/shared/http';
import { orderId } from '@pos/shared/order';
import { reserveRequest } from '@pos/shared/reservation';
import { settleBatchRequest } from '@pos/shared/reservation-batch';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { answerIdempotently, idempotentCommand } from '../../common/idempotent-request.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';
import { reserve, settleReservations } from '../domain/place-reservations.ts';
import { commitReservation, findReservation, releaseReservation } from '../domain/reservations.ts';

/** Line numbers identify order lines: each at most once per request. */
const reserveBody = reserveRequest.superRefine((r, ctx) => {
  const seen = new Set<number>();
  r.lines.forEach((line, i) => {
    if (seen.has(line.lineNo)) ctx.addIssue({ code: 'custom', path: ['lines', i, 'lineNo'], message: 'duplicate line number' });
    seen.add(line.lineNo);
  });
});
/** Each order at most once per batch, each with distinct line numbers. */
const settleBody = settleBatchRequest.superRefine((r, ctx) => {
  const orders = new Set<string>();
  r.orders.forEach((order, i) => {
    if (orders.has(order.orderId)) ctx.addIssue({ code: 'custom', path: ['orders', i, 'orderId'], message: 'duplicate order' });
    orders.add(order.orderId);
    const lines = new Set<number>();
    order.lines.forEach((line, j) => {
      if (lines.has(line.lineNo))
        ctx.addIssue({ code: 'custom', path: ['orders', i, 'lines', j, 'lineNo'], message: 'duplicate line number' });
      lines.add(line.lineNo);
    });
  });
});
const orderParams = z.object({ orderId });
const emptyBody = z.strictObject({});
/** A saga step's call (its fixed key, retried only by the saga): the key is claimed with the work, in one transaction. */
const SAGA_STEP = { claimWithWork: true };

export function reservationsRouter(ctx: ServiceContext, defaultTtlSeconds: number): Router {
  const router = Router();

  router.post('/reservations', allow('service'), async (req, res) => {
    const { command, body } = idempotentCommand(req, reserveBody, { expectedKey: (b) => stepKey(b.orderId, 'reserve') });
    await answerIdempotently(
      ctx,
      res,
      command,
      async (tx) => {
        const { reservation, created } = await reserve(tx, command.tenantId, body, defaultTtlSeconds);
        return { status: created ? 201 : 200, body: { reservation }, resourceId: body.orderId };
      },
      SAGA_STEP,
    );
  });

  router.post('/reservations/batch', allow('service'), async (req, res) => {
    const { command, body } = idempotentCommand(req, settleBody);
    await answerIdempotently(ctx, res, command, async (tx) => ({
      status: 200,
      body: { results: await settleReservations(tx, command.tenantId, body.orders) },
    }));
  });

  for (const step of ['commit', 'release'] as const) {
    router.post(`/reservations/:orderId/${step}`, allow('service'), async (req, res) => {
      const params = parseOr400(orderParams, req.params, 'path');
      const { command } = idempotentCommand(req, emptyBody, { body: req.body ?? {}, expectedKey: () => stepKey(params.orderId, step) });
      const { tenantId } = command;
      await answerIdempotently(
        ctx,
        res,
        command,
        async (tx) => {
          const reservation =
            step === 'commit'
              ? await commitReservation(tx, tenantId, params.orderId)
              : await releaseReservation(tx, tenantId, params.orderId);
          return { status: 200, body: { reservation }, resourceId: params.orderId };
        },
        SAGA_STEP,
      );
    });
  }

  router.get('/reservations/:orderId', allow('service', 'manager'), async (req, res) => {
    const params = parseOr400(orderParams, req.params, 'path');
    const reservation = await findReservation(ctx.pool, principalOf(req).tenantId, params.orderId);
    if (!reservation) throw problems.notFound('reservation');
    res.json({ reservation });
  });

  return router;
}
