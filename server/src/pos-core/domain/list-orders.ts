/** `GET /v1/orders?terminalId=&after=&limit=`: a till's orders in sequence order, paged by seq. */
import type { OrderView } from '@pos/shared/order';
import type { Queryable } from '../../common/db.ts';
import { loadOrderViews } from './order-view.ts';

export interface OrderPage {
  orders: OrderView[];
  /** Pass as `after` for the next page; null on the last page. */
  next: number | null;
}

export async function listOrders(db: Queryable, tenantId: string, terminalId: string, after: number, limit: number): Promise<OrderPage> {
  const { rows } = await db.query<{ id: string; seq: number }>(
    'SELECT id, seq FROM orders WHERE tenant_id = $1 AND terminal_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
    [tenantId, terminalId, after, limit],
  );
  const views = await loadOrderViews(
    db,
    tenantId,
    rows.map((r) => r.id),
  );
  const orders = rows.map((r) => views.get(r.id)).filter((v): v is OrderView => v !== undefined);
  const last = rows.at(-1);
  return { orders, next: rows.length === limit && last ? last.seq : null };
}
