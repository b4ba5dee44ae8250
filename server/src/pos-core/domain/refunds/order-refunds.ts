/**
 * An order's refunds and what remains refundable of each line (`GET /v1/orders/:id`), computed with the
 * shared refund-amounts.ts the till runs too. Failed and refused refunds gave nothing back and count for nothing.
 */
import type { OrderView } from '@pos/shared/order';
import { type OrderRefunds, type RefundView, refundCounts } from '@pos/shared/refund';
import { refundableRemainder, soldLinesOf } from '@pos/shared/refund-amounts';
import type { Queryable } from '../../../common/db.ts';
import { loadOrderRefundViews } from './refund-view.ts';

/** The refunds that count against an order's lines (pending and completed: `refundCounts`). */
export const countingRefunds = (refunds: readonly Pick<RefundView, 'status' | 'lines'>[]) =>
  refunds.filter((r) => refundCounts(r.status)).map((r) => r.lines);

/** The card money these refunds gave back or still may (pending and completed card refunds). */
export const cardRefunded = (refunds: readonly Pick<RefundView, 'status' | 'tender' | 'amount'>[]): number =>
  refunds.reduce((sum, r) => sum + (r.tender === 'card' && refundCounts(r.status) ? r.amount : 0), 0);

export async function loadOrderRefunds(db: Queryable, tenantId: string, order: OrderView): Promise<OrderRefunds> {
  const refunds = await loadOrderRefundViews(db, tenantId, order.id);
  return { refunds, refundable: refundableRemainder(soldLinesOf(order), countingRefunds(refunds)) };
}
