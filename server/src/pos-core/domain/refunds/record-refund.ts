/**
 * Recording one refund (DESIGN §7: never more than was sold, never twice), inside the transaction that
 * completes its idempotency key:
 *
 *   lock the order's row (FOR UPDATE: refunds of one order are serialized across tills and processes)
 *   ─▶ price the request against what remains (shared refund-amounts.ts; failed and refused refunds do not count)
 *   ─▶ online (a request): a sale not final yet (pending) → 409, retried; an amount other than the computed
 *      one → 400; both record nothing. A business refusal — beyond the remainder, beyond the card's
 *      refundable money, a sale that was not confirmed — is RECORDED as a `refused` refund with its reason
 *      (like a declined card order): its seq is on record, and it moves no money and no stock and never counts
 *   ─▶ offline cash (a fact: the cash already left the drawer): always recorded; beyond the remainder,
 *      over the store's offline limit, or at another amount → `discrepancy`, for the manager
 *   ─▶ insert the refund and its lines (saga state: card → refund_payment, else restock or done) and,
 *      when the money is already back (cash), `order.refunded` in the same transaction.
 *
 * The refund is leased to the recorder when its saga has a step to run, so it drives it inline.
 */

import { type RefundSubmission, type RefundView, refundView } from '@pos/shared/refund';
import { type PricedRefundLine, priceRefund, refundAmount, soldLinesOf } from '@pos/shared/refund-amounts';
import type { PoolClient } from '../../../common/db.ts';
import { appendEvent } from '../../../common/outbox.ts';
import { problems } from '../../../common/problem.ts';
import { seqReused } from '../order-collision.ts';
import { lookupOrder } from '../order-lookup.ts';
import { cardRefunded, countingRefunds } from './order-refunds.ts';
import { loadOrderRefundViews, loadRefundView } from './refund-view.ts';

/** Why an offline refund is flagged for the manager (null: it is as the till should have made it). */
export type RefundDiscrepancy = 'exceeds_sale' | 'order_not_sold' | 'amount_differs' | 'over_offline_limit';

export interface RecordedRefund {
  view: RefundView;
  /** Its saga has a step left (card refund, restock): drive it. */
  due: boolean;
}

const excessText = (priced: readonly PricedRefundLine[]) =>
  priced
    .filter((l) => l.excess > 0)
    .map((l) => `line ${l.lineNo}: ${l.excess} more than remains refundable`)
    .join('; ');

export async function recordRefund(
  tx: PoolClient,
  tenantId: string,
  refund: RefundSubmission,
  fingerprint: string,
  lease: { owner: string; leaseMs: number },
): Promise<RecordedRefund> {
  const existing = await tx.query<{ id: string; fingerprint: string }>(
    `SELECT id, fingerprint FROM refunds WHERE tenant_id = $1 AND (id = $2 OR (terminal_id = $3 AND seq = $4))
     UNION ALL SELECT id, '' FROM orders WHERE tenant_id = $1 AND terminal_id = $3 AND seq = $4`,
    [tenantId, refund.id, refund.terminalId, refund.seq],
  );
  const same = existing.rows.find((r) => r.id === refund.id);
  if (same) {
    if (same.fingerprint !== fingerprint) throw problems.keyReused();
    const view = await loadRefundView(tx, tenantId, refund.id);
    return { view: view!, due: false };
  }
  if (existing.rows.length > 0) throw seqReused(refund.terminalId, refund.seq);

  const locked = await tx.query<{ status: string }>('SELECT status FROM orders WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [
    tenantId,
    refund.orderId,
  ]);
  const offline = refund.captureMode === 'offline';
  if (!locked.rows[0]) {
    if (!offline) throw problems.notFound('order');
    // The sale is a fact on its way (another till's outbox, or this one's): retry until it arrives.
    throw problems.orderNotRefundable(`Order ${refund.orderId} has not reached POS Core yet; the refund is retried.`, 5);
  }
  // One query (order-lookup.ts): a transaction's client runs its queries one at a time.
  const order = (await lookupOrder(tx, tenantId, refund.orderId, { id: lease.owner })).order!;
  if (!offline && order.status === 'pending') {
    // Not final yet: it may still be confirmed, so the request waits (409: the till retries it).
    throw problems.orderNotRefundable(`A pending order cannot be refunded yet; only a confirmed sale can.`, 2);
  }
  const earlier = await loadOrderRefundViews(tx, tenantId, refund.orderId);
  const priced = priceRefund(soldLinesOf(order), countingRefunds(earlier), refund.lines);
  const computed = refundAmount(priced);
  const overSale = priced.some((l) => l.excess > 0);
  const cardPaid = order.tenders.reduce((sum, t) => sum + (t.type === 'card' ? t.amount : 0), 0);
  const cardBack = cardRefunded(earlier);

  let discrepancy: RefundDiscrepancy | null = null;
  // Why POS Core refuses an online refund request (null: it does not): recorded as a `refused` refund.
  let refusal: string | null = null;
  if (!offline) {
    if (order.status !== 'confirmed') refusal = `A ${order.status} order cannot be refunded; only a confirmed sale can.`;
    else if (overSale) refusal = `Refund of order ${order.id} refused: ${excessText(priced)}. Nothing changed.`;
    else if (refund.amount !== computed) {
      throw problems.validation([{ path: 'refund.amount', message: `must be ${computed}: what these lines paid (refund-amounts.ts)` }]);
    } else if (refund.tender === 'card' && refund.amount > cardPaid - cardBack) {
      refusal = `A card refund of ${refund.amount} exceeds what the order's card paid and has not had back (${cardPaid - cardBack}). Nothing changed.`;
    }
  } else {
    const limit = await tx.query<{ offline_refund_limit: number }>('SELECT offline_refund_limit FROM store_settings WHERE tenant_id = $1', [
      tenantId,
    ]);
    const offlineLimit = limit.rows[0]?.offline_refund_limit ?? null;
    if (order.status !== 'confirmed' && order.status !== 'pending') discrepancy = 'order_not_sold';
    else if (overSale) discrepancy = 'exceeds_sale';
    else if (refund.amount !== computed) discrepancy = 'amount_differs';
    else if (offlineLimit !== null && refund.amount > offlineLimit) discrepancy = 'over_offline_limit';
  }

  const card = refusal === null && refund.tender === 'card' && refund.amount > 0;
  const restocks = refusal === null && refund.lines.some((l) => l.restock);
  const sagaState = card ? 'refund_payment' : restocks ? 'restock' : 'done';
  const status = refusal !== null ? 'refused' : card ? 'pending' : 'completed';
  const due = sagaState !== 'done';
  await tx.query(
    // received_at: the clock when recorded under the order's lock (not the transaction's start), so an order's
    // refunds listed by (received_at, id) are in the order they were recorded — card-refund-split.ts relies on it.
    `INSERT INTO refunds (tenant_id, id, order_id, terminal_id, seq, status, status_reason, reason, capture_mode, tender, amount, currency,
                          discrepancy, staff_id, approved_by, created_at, lamport, fingerprint, saga_state, lease_owner, lease_until,
                          received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
             CASE WHEN $20::boolean THEN $21 END, CASE WHEN $20::boolean THEN now() + make_interval(secs => $22::float8 / 1000) END,
             clock_timestamp())`,
    [
      tenantId,
      refund.id,
      refund.orderId,
      refund.terminalId,
      refund.seq,
      status,
      refusal ?? (card ? 'waiting for the card refund' : null),
      refund.reason,
      refund.captureMode,
      refund.tender,
      refund.amount,
      order.currency,
      discrepancy,
      refund.staffId ?? null,
      refund.approvedBy ?? null,
      refund.createdAt,
      refund.lamport,
      fingerprint,
      sagaState,
      due,
      lease.owner,
      lease.leaseMs,
    ],
  );
  const productOf = new Map(order.lines.map((l) => [l.lineNo, l.productId]));
  await tx.query(
    `INSERT INTO refund_lines (tenant_id, refund_id, line_no, product_id, quantity, restock, amount)
     SELECT $1, $2, l.line_no, l.product_id, l.quantity, l.restock, l.amount
       FROM unnest($3::int[], $4::text[], $5::int[], $6::boolean[], $7::bigint[]) AS l(line_no, product_id, quantity, restock, amount)`,
    [
      tenantId,
      refund.id,
      refund.lines.map((l) => l.lineNo),
      // A line the order does not have (an offline over-refund): recorded under no product.
      refund.lines.map((l) => productOf.get(l.lineNo) ?? '-'),
      refund.lines.map((l) => l.quantity),
      refund.lines.map((l) => l.restock && productOf.has(l.lineNo)),
      priced.map((l) => l.amount),
    ],
  );
  const view = refundView.parse(await loadRefundView(tx, tenantId, refund.id));
  if (status === 'completed') await appendEvent(tx, { tenantId, type: 'order.refunded', correlationId: refund.orderId, data: view });
  return { view, due };
}
