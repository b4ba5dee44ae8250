/**
 * `GET /v1/store` (the store's tills and manager): the caller's store — its name, the currency it sells
 * in, the pricing rules its tills price sales with, the settings its tills apply and its
 * offline refund limit and shift-close tolerance (store settings).
 */
import { Router } from 'express';
import { allow, principalOf } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { readStoreSettings } from '../domain/store-settings.ts';
import { findStore } from '../tenancy/stores.ts';

export function storeRouter(pool: Pool): Router {
  const router = Router();
  router.get('/store', allow('terminal', 'manager'), async (req, res) => {
    const { tenantId } = principalOf(req);
    const [store, settings] = await Promise.all([findStore(pool, tenantId), readStoreSettings(pool, tenantId)]);
    if (!store) throw problems.notFound('store');
    const {
      pricesIncludeTax,
      cashRoundingIncrement,
      discountCapPercent,
      parkedCartExpiryMinutes,
      offlineRefundLimit,
      shiftCloseTolerance,
    } = settings;
    res.json({
      ...store,
      pricing: { pricesIncludeTax, cashRoundingIncrement, discountCapPercent },
      parkedCartExpiryMinutes,
      offlineRefundLimit,
      shiftCloseTolerance,
    });
  });
  return router;
}
