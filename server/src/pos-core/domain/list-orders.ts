/** `GET /v1/orders?terminalId=&cursor=&limit=`: a till's orders in sequence order, paged by seq (shared/src/page.ts). */
import type { OrderView } from '@pos/shared/order';
import { cursorCodec, cutPage, integerPosition, type PageInfo } from '@pos/shared/page';
import type { Queryable } from '../../common/db.ts';
import { loadOrderViewsInOrder } from './order-view.ts';

/** Cursors of a till's orders: the seq of the last order of a page. */
export const ordersCursor = cursorCodec('orders', integerPosition);

export interface OrderPage extends PageInfo {
  orders: OrderView[];
}

/** The till's orders with a seq above `afterSeq`, at most `limit`. */
export async function listOrders(db: Queryable, tenantId: string, terminalId: string, afterSeq: number, limit: number): Promise<OrderPage> {
  const { rows } = await db.query<{ id: string; seq: number }>(
    'SELECT id, seq FROM orders WHERE tenant_id = $1 AND terminal_id = $2 AND seq > $3 ORDER BY seq LIMIT $4',
    [tenantId, terminalId, afterSeq, limit + 1],
  );
  const page = cutPage(rows, limit, ordersCursor, (r) => r.seq);
  const orders = await loadOrderViewsInOrder(
    db,
    tenantId,
    page.rows.map((r) => r.id),
  );
  return { orders, nextCursor: page.nextCursor, hasMore: page.hasMore };
}
