/**
 * A refund as the till's outbox holds it (issue #14; DESIGN §7): the `refund` kind of OutboxRecord, with
 * the till's id (the Idempotency-Key of POST /v1/refunds) and its number of the ONE per-till sequence.
 * Recorded through recordEntry (record-refund.ts), sent by OUTBOX_SENDERS.refund, settled like a sale:
 * POS Core's `completed` is the record's `confirmed`, `failed` its `declined`, `refused` its `rejected` (refund-progress.ts).
 */
import type { RefundSubmission } from '@pos/shared/refund';
import type { OutboxEntry } from './outbox-entry.ts';

export interface RefundRecord extends OutboxEntry {
  entry: 'refund';
  /** The exact payload sent to POS Core, byte-for-byte the same on every retry. `refund.seq` equals `seq`. */
  refund: RefundSubmission;
  /** The currency of the original sale (for receipts and lists). */
  currency: string;
  /** Product names of the refunded lines, in the refund's line order (for receipts). */
  lineNames: string[];
}
