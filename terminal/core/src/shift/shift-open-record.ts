/** The outbox record of a shift opened with a counted float (entry 'shift-open'; outbox/outbox-record.ts). */
import type { ShiftOpen } from '@pos/shared/shift-record';
import type { OutboxEntry } from '../outbox/outbox-record.ts';

export interface ShiftOpenRecord extends OutboxEntry {
  entry: 'shift-open';
  /** The exact payload sent to POS Core; `payload.seq` equals `seq`, `payload.id` equals `id` (the shift's id). */
  payload: ShiftOpen;
}
