/**
 * For tests: well-formed refunds of a till. Refunds share the till's ONE sequence with its sales, so a
 * factory numbers its refunds from `firstSeq` (default far above any test's sales) to never collide.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';
import type { RefundSubmission } from '@pos/shared/refund';
import { priceRefund, refundAmount, soldLinesOf } from '@pos/shared/refund-amounts';

export interface RefundFactory {
  /**
   * A refund of `lines` (default: every line, whole) of `order`, priced as if nothing was refunded before
   * (`earlier`: the lines of refunds already made, for the price of the next units).
   */
  of(
    order: OrderSubmission,
    options?: {
      lines?: { lineNo: number; quantity: number; restock?: boolean }[];
      tender?: RefundSubmission['tender'];
      captureMode?: RefundSubmission['captureMode'];
      earlier?: { lineNo: number; quantity: number }[][];
      overrides?: Partial<RefundSubmission>;
    },
  ): RefundSubmission;
}

export function refundFactory(terminalId = DEMO_TERMINAL_ID, firstSeq = 1_000_000): RefundFactory {
  let seq = firstSeq - 1;
  return {
    of(order, options = {}) {
      const lines = (options.lines ?? order.lines.map((l, i) => ({ lineNo: i + 1, quantity: l.quantity, restock: true }))).map((l) => ({
        lineNo: l.lineNo,
        quantity: l.quantity,
        restock: l.restock ?? true,
      }));
      const sold = soldLinesOf(order);
      const captureMode = options.captureMode ?? 'online';
      seq += 1;
      return {
        id: uuidv7(),
        terminalId,
        seq,
        createdAt: new Date().toISOString(),
        lamport: seq,
        orderId: order.id,
        captureMode,
        reason: 'customer changed their mind',
        lines,
        tender: options.tender ?? (order.tenders.some((t) => t.type === 'card') && captureMode === 'online' ? 'card' : 'cash'),
        amount: refundAmount(priceRefund(sold, options.earlier ?? [], lines)),
        ...options.overrides,
      };
    },
  };
}
