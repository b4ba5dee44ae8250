/**
 * The manager's console API (docs/ARCHITECTURE.md, "Manager's console"). Manager only; the store is the
 * credential's (G7): another store's order answers 404, its tills are simply not listed. Schemas in
 * shared/ (till-health, store-orders, order-timeline, attention, sales-report, store-settings).
 *   GET  /v1/store/tills                                  sync health of every till
 *   GET  /v1/store/settings    PUT /v1/store/settings     { tillSilentAfterSeconds, pricesIncludeTax?, cashRoundingIncrement?, discountCapPercent?, parkedCartExpiryMinutes?, offlineRefundLimit?, shiftCloseTolerance? }
 *                                                         (a PUT publishes `store.settings_changed`: the tills re-read their store)
 *   GET  /v1/store/orders?terminalId=&status=&tender=&from=&to=&cursor=&limit=
 *   GET  /v1/orders/:id/timeline
 *   GET  /v1/store/attention?cursor=&limit=
 *   POST /v1/store/attention/:id/retry | /cancel   {}         Idempotency-Key required
 *   POST /v1/store/attention/:id/resolve           { note }   Idempotency-Key required
 *   GET  /v1/store/reports/sales?from=&to=
 */
import { attentionQuery, emptyActionRequest, resolveRequest } from '@pos/shared/attention';
import { orderId } from '@pos/shared/order';
import { salesReportQuery } from '@pos/shared/sales-report';
import { storeOrdersQuery } from '@pos/shared/store-orders';
import { storeSettingsUpdate } from '@pos/shared/store-settings';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { sendIdempotent } from '../../common/idempotency.ts';
import { idempotencyKeyOf } from '../../common/idempotent-request.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import { listAttention } from '../domain/attention-list.ts';
import { cancelAndCompensate, resolveWithNote, retryNow } from '../domain/manager-actions.ts';
import type { OrderDeps } from '../domain/order-deps.ts';
import { loadOrderTimeline } from '../domain/order-timeline.ts';
import { salesReport } from '../domain/sales-report.ts';
import { listStoreOrders } from '../domain/store-orders.ts';
import { changeStoreSettings, readStoreSettings } from '../domain/store-settings.ts';
import { listTillHealth } from '../domain/till-health.ts';

const idParams = z.object({ id: orderId });

/** `pokeRelay`: wakes the event relay (a settings change publishes `store.settings_changed`). */
export function storeConsoleRouter(deps: OrderDeps, pokeRelay: () => void): Router {
  const router = Router();
  const { pool } = deps;
  const manager = allow('manager');
  const tenantOf = (req: Parameters<typeof principalOf>[0]) => principalOf(req).tenantId;

  router.get('/store/tills', manager, async (req, res) => {
    parseOr400(z.strictObject({}), req.query, 'query');
    res.json(await listTillHealth(pool, tenantOf(req)));
  });

  router.get('/store/settings', manager, async (req, res) => {
    res.json(await readStoreSettings(pool, tenantOf(req)));
  });

  router.put('/store/settings', manager, async (req, res) => {
    const settings = parseOr400(storeSettingsUpdate, req.body, 'body');
    const now = await changeStoreSettings(pool, tenantOf(req), settings);
    pokeRelay();
    res.json(now);
  });

  router.get('/store/orders', manager, async (req, res) => {
    const query = parseOr400(storeOrdersQuery, req.query, 'query');
    res.json(await listStoreOrders(pool, tenantOf(req), query));
  });

  router.get('/orders/:id/timeline', manager, async (req, res) => {
    const { id } = parseOr400(idParams, req.params, 'path');
    const timeline = await loadOrderTimeline(pool, tenantOf(req), id);
    if (!timeline) throw problems.notFound('order');
    res.json(timeline);
  });

  router.get('/store/attention', manager, async (req, res) => {
    const query = parseOr400(attentionQuery, req.query, 'query');
    res.json(await listAttention(pool, tenantOf(req), query.cursor, query.limit));
  });

  const action = (name: 'retry' | 'cancel' | 'resolve') =>
    router.post(`/store/attention/:id/${name}`, manager, async (req, res) => {
      const { id } = parseOr400(idParams, req.params, 'path');
      const key = idempotencyKeyOf(req);
      const principal = principalOf(req);
      if (name === 'resolve') {
        const { note } = parseOr400(resolveRequest, req.body ?? {}, 'body');
        sendIdempotent(res, await resolveWithNote(deps, principal, id, key, note));
        return;
      }
      parseOr400(emptyActionRequest, req.body ?? {}, 'body');
      sendIdempotent(res, await (name === 'retry' ? retryNow : cancelAndCompensate)(deps, principal, id, key));
    });
  action('retry');
  action('cancel');
  action('resolve');

  router.get('/store/reports/sales', manager, async (req, res) => {
    const { from, to } = parseOr400(salesReportQuery, req.query, 'query');
    res.json(await salesReport(pool, tenantOf(req), from, to));
  });

  return router;
}
