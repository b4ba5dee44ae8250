/** `GET /v1/store/orders`: the store's orders across tills, newest first, filtered and paged (shared/src/store-orders.ts). */
import type { OrderView } from '@pos/shared/order';
import { cutPage, type PageInfo } from '@pos/shared/page';
import { type StoreOrdersQuery, storeOrdersCursor } from '@pos/shared/store-orders';
import type { Queryable } from '../../common/db.ts';
import { loadOrderViewsInOrder } from './order-view.ts';
import { receivedAtText } from './received-at.ts';

export interface StoreOrderPage extends PageInfo {
  orders: OrderView[];
}

export async function listStoreOrders(db: Queryable, tenantId: string, query: StoreOrdersQuery): Promise<StoreOrderPage> {
  const [afterAt, afterId] = query.cursor ?? [null, null];
  const { rows } = await db.query<{ id: string; received: string }>(
    `SELECT o.id, ${receivedAtText('o.received_at')} AS received FROM orders o
      WHERE o.tenant_id = $1
        AND ($2::text IS NULL OR o.terminal_id = $2)
        AND ($3::text IS NULL OR o.status = $3)
        AND ($4::text IS NULL OR EXISTS (SELECT 1 FROM order_tenders t WHERE t.tenant_id = o.tenant_id AND t.order_id = o.id AND t.type = $4))
        AND ($5::timestamptz IS NULL OR o.received_at >= $5)
        AND ($6::timestamptz IS NULL OR o.received_at < $6)
        AND ($7::timestamptz IS NULL OR (o.received_at, o.id) < ($7::timestamptz, $8::text))
      ORDER BY o.received_at DESC, o.id DESC LIMIT $9`,
    [
      tenantId,
      query.terminalId ?? null,
      query.status ?? null,
      query.tender ?? null,
      query.from ?? null,
      query.to ?? null,
      afterAt,
      afterId,
      query.limit + 1,
    ],
  );
  const page = cutPage(rows, query.limit, storeOrdersCursor, (r) => [r.received, r.id] as [string, string]);
  const orders = await loadOrderViewsInOrder(
    db,
    tenantId,
    page.rows.map((r) => r.id),
  );
  return { orders, nextCursor: page.nextCursor, hasMore: page.hasMore };
}
