/**
 * Catalogue endpoints. Reads: terminal, manager, service. Writes (upsert, tombstone): manager.
 *   GET    /v1/products?since=|cursor=&limit=   catalogue delta { products, deleted, cursor, priceListVersion, nextCursor, hasMore }
 *   GET    /v1/products/:id             { product }  (unknown, tombstoned or another store's: 404)
 *   POST   /v1/products                 upsert → 201 { product } when created, 200 when changed
 *   DELETE /v1/products/:id             tombstone → 200 { id, deleted: true, version }
 */

import { productId } from '@pos/shared/order';
import { catalogQuery } from '@pos/shared/product';
import { productUpsert } from '@pos/shared/product-upsert';
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import { answerIdempotently, idempotentCommand } from '../../common/idempotent-request.ts';
import { parseOr400, problems } from '../../common/problem.ts';
import type { ServiceContext } from '../../common/service-runtime.ts';
import { deleteProduct, findProduct, readCatalogDelta, upsertProduct } from '../domain/catalog.ts';

const idParams = z.object({ id: productId });
const noBody = z.strictObject({});

export function productsRouter(ctx: ServiceContext): Router {
  const router = Router();

  router.get('/products', allow('terminal', 'manager', 'service'), async (req, res) => {
    const query = parseOr400(catalogQuery, req.query, 'query');
    const since = query.cursor ?? query.since ?? '0';
    res.json(await readCatalogDelta(ctx.pool, principalOf(req).tenantId, since, query.limit));
  });

  router.get('/products/:id', allow('terminal', 'manager', 'service'), async (req, res) => {
    const { id } = parseOr400(idParams, req.params, 'path');
    const product = await findProduct(ctx.pool, principalOf(req).tenantId, id);
    if (!product) throw problems.notFound('product');
    res.json({ product });
  });

  router.post('/products', allow('manager'), async (req, res) => {
    const { command, body } = idempotentCommand(req, productUpsert);
    await answerIdempotently(ctx, res, command, async (tx) => {
      const { product, created } = await upsertProduct(tx, command.tenantId, body);
      return { status: created ? 201 : 200, body: { product }, resourceId: product.id };
    });
  });

  router.delete('/products/:id', allow('manager'), async (req, res) => {
    const { command } = idempotentCommand(req, noBody, { body: req.body ?? {} });
    const { id } = parseOr400(idParams, req.params, 'path');
    await answerIdempotently(ctx, res, command, async (tx) => ({
      status: 200,
      body: await deleteProduct(tx, command.tenantId, id),
      resourceId: id,
    }));
  });

  return router;
}
