/** An order's current state as an HTTP answer: 201 when final, 202 while pending (DESIGN §4). */
import { FINAL_STATUSES, type OrderView } from '@pos/shared/order';
import type { Queryable } from '../../common/db.ts';
import type { IdempotentAnswer } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import { loadOrderView } from './order-view.ts';

export const isFinal = (order: Pick<OrderView, 'status'>): boolean => FINAL_STATUSES.includes(order.status);

export const orderAnswer = (order: OrderView): IdempotentAnswer => ({
  status: isFinal(order) ? 201 : 202,
  body: { order },
  resourceId: order.id,
});

export async function currentOrderAnswer(db: Queryable, tenantId: string, orderId: string): Promise<IdempotentAnswer> {
  const order = await loadOrderView(db, tenantId, orderId);
  if (!order) throw problems.notFound('order');
  return orderAnswer(order);
}
