/**
 * A refund's status at POS Core as the till's outbox records it: one state machine for every kind
 * (outbox-record.ts). `completed` (the money went back) is the record's `confirmed`; `failed` (Payment
 * refused the card refund) its `declined`; `refused` (POS Core refused the request: more than remains, a
 * sale that cannot be refunded) its `rejected`, with POS Core's reason; `pending` stays pending.
 */
import type { RefundStatus } from '@pos/shared/refund';
import type { SaleStatus } from './outbox-record.ts';

/**
 * Whether a refund record with this outbox status paid back (or may still): it counts against its sale and
 * in the shift's totals. Not one that gave nothing back: declined (Payment refused the card), rejected
 * (POS Core refused the request), needs attention (refused as malformed: never recorded at POS Core).
 */
export const refundRecordCounts = (status: SaleStatus): boolean =>
  status !== 'declined' && status !== 'rejected' && status !== 'cancelled' && status !== 'needs_attention';

export const REFUND_OUTBOX_STATUS: Record<RefundStatus, SaleStatus> = {
  pending: 'pending',
  completed: 'confirmed',
  failed: 'declined',
  refused: 'rejected',
};
