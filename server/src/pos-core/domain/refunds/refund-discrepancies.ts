/**
 * The manager's list of refunds that need a look (DESIGN §7: facts are never refused, never hidden):
 * offline cash refunds recorded beyond what remained refundable, above the store's offline limit, at
 * another amount than the lines paid, or against a sale that did not happen; and card refunds Payment
 * refused. Newest first, at most `limit`.
 */
import type { RefundView } from '@pos/shared/refund';
import type { Queryable } from '../../../common/db.ts';
import { loadRefundView } from './refund-view.ts';

export async function listRefundDiscrepancies(db: Queryable, tenantId: string, limit: number): Promise<RefundView[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM refunds WHERE tenant_id = $1 AND (discrepancy IS NOT NULL OR status = 'failed')
      ORDER BY received_at DESC, id DESC LIMIT $2`,
    [tenantId, limit],
  );
  const views = await Promise.all(rows.map((r) => loadRefundView(db, tenantId, r.id)));
  return views.filter((v): v is RefundView => v !== null);
}
