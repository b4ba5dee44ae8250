/**
 * A refund's status at POS Core as the till's outbox records it: one state machine for every kind
 * (outbox-record.ts). `completed` (the money went back) is the record's `confirmed`; `failed` (Payment
 * refused the card refund) its `declined`; `pending` stays pending.
 */
import type { RefundStatus } from '@pos/shared/refund';
import type { SaleStatus } from './outbox-record.ts';

export const REFUND_OUTBOX_STATUS: Record<RefundStatus, SaleStatus> = {
  pending: 'pending',
  completed: 'confirmed',
  failed: 'declined',
};
