/** The outbox record of the cash drawer opened without a sale, "No sale" (entry 'no-sale'; outbox/outbox-record.ts). */
import type { NoSale } from '@pos/shared/shift-record';
import type { OutboxEntry } from '../outbox/outbox-record.ts';

export interface NoSaleRecord extends OutboxEntry {
  entry: 'no-sale';
  /** The exact payload sent to POS Core; `payload.seq` equals `seq`. */
  payload: NoSale;
}
