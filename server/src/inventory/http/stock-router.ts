/**
 * Manager stock endpoints.
 *   POST /v1/stock/movements        StockMovement → 201 { product }  (receipt: quantity > 0; adjustment: signed, non-zero)
 *   GET  /v1/discrepancies?cursor=&limit=  { discrepancies, nextCursor, hasMore }  what committed sales revealed, oldest first
 */

import { pageQuery } from '@pos/shared/page';
import { stockMovement } from '@pos/shared/reservation';
import { Router } from 'express';
import { allow, principalOf } from '../../common/auth.ts';
import { answerIdempotently, idempotentCommand } from '../../common/idempotent-request.ts';
import { parseOr400 } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';
import { discrepanciesCursor, listDiscrepancies } from '../domain/discrepancies.ts';
import { applyStockMovement } from '../domain/stock.ts';

const movementBody = stockMovement.superRefine((m, ctx) => {
  if (m.kind === 'receipt' && m.quantity <= 0) ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'a receipt must be positive' });
  if (m.kind === 'adjustment' && m.quantity === 0)
    ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'an adjustment must not be zero' });
});

const discrepancyQuery = pageQuery(discrepanciesCursor, {});

export function stockRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.post('/stock/movements', allow('manager'), async (req, res) => {
    const { command, body } = idempotentCommand(req, movementBody);
    await answerIdempotently(ctx, res, command, async (tx) => ({
      status: 201,
      body: { product: await applyStockMovement(tx, command.tenantId, body, principalOf(req).subject) },
      resourceId: body.productId,
    }));
  });

  router.get('/discrepancies', allow('manager'), async (req, res) => {
    const query = parseOr400(discrepancyQuery, req.query, 'query');
    res.json(await listDiscrepancies(ctx.pool, principalOf(req).tenantId, query.cursor ?? 0, query.limit));
  });

  return router;
}
