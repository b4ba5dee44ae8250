/**
 * An order's refunds and what remains refundable of each line (`GET /v1/orders/:id`), computed with the
 * shared refund-amounts.ts the till runs too. Failed refunds gave nothing back and count for nothing.
 */
import type { OrderView } from '@pos/shared/order';
import type { OrderRefunds, RefundView } from '@pos/shared/refund';
import { refundableRemainder, soldLinesOf } from '@pos/shared/refund-amounts';
import type { Queryable } from '../../../common/db.ts';
import { loadOrderRefundViews } from './refund-view.ts';

/** The refunds that count against an order's lines (every one but the failed). */
export const countingRefunds = (refunds: readonly Pick<RefundView, 'status' | 'lines'>[]) =>
  refunds.filter((r) => r.status !== 'failed').map((r) => r.lines);

export async function loadOrderRefunds(db: Queryable, tenantId: string, order: OrderView): Promise<OrderRefunds> {
  const refunds = await loadOrderRefundViews(db, tenantId, order.id);
  return { refunds, refundable: refundableRemainder(soldLinesOf(order), countingRefunds(refunds)) };
}
