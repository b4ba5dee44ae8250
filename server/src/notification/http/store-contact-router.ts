/**
 * Where the store's alerts go (the store manager's credential; the store from the token):
 *   GET /v1/store-contact   → { alertEmail } (404 when none is set)
 *   PUT /v1/store-contact   { alertEmail } → the same; setting the same address again changes nothing
 * The address is the store's data: answered to its manager only, never logged.
 */
import { Router } from 'express';
import { z } from 'zod';
import { allow, principalOf } from '../../common/auth.ts';
import type { Pool } from '../../common/db.ts';
import { parseOr400, problems } from '../../common/problem.ts';

const contact = z.strictObject({ alertEmail: z.email().max(254) });

export function storeContactRouter(pool: Pool): Router {
  const router = Router();
  router.get('/store-contact', allow('manager'), async (req, res) => {
    const { rows } = await pool.query<{ alert_email: string }>('SELECT alert_email FROM store_contacts WHERE tenant_id = $1', [
      principalOf(req).tenantId,
    ]);
    if (!rows[0]) throw problems.notFound('store contact');
    res.json({ alertEmail: rows[0].alert_email });
  });
  router.put('/store-contact', allow('manager'), async (req, res) => {
    const body = parseOr400(contact, req.body, 'body');
    await pool.query(
      `INSERT INTO store_contacts (tenant_id, alert_email) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET alert_email = EXCLUDED.alert_email`,
      [principalOf(req).tenantId, body.alertEmail],
    );
    res.json({ alertEmail: body.alertEmail });
  });
  return router;
}
