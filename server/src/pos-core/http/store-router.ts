/** `GET /v1/store` (the store's tills and manager): the caller's store — its name, the currency it sells in and its offline refund limit. */
import { Router } from 'express';
import { allow, principalOf } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { readStoreSettings } from '../domain/store-settings.ts';
import { findStore } from '../tenancy/stores.ts';

export function storeRouter(pool: Pool): Router {
  const router = Router();
  router.get('/store', allow('terminal', 'manager'), async (req, res) => {
    const store = await findStore(pool, principalOf(req).tenantId);
    if (!store) throw problems.notFound('store');
    // The till keeps the offline refund limit with the store's currency (it refunds offline by it).
    res.json({ ...store, offlineRefundLimit: (await readStoreSettings(pool, store.storeId)).offlineRefundLimit });
  });
  return router;
}
