/**
 * The outbox record of a shift closed with a blind count (entry 'shift-close'). Its payload carries the
 * Z report's number and the totals the till computed at close; once recorded it never changes (the Z is
 * immutable), only its outbox status does.
 */
import type { ShiftClose } from '@pos/shared/shift-record';
import type { OutboxEntry } from '../outbox/outbox-record.ts';

export interface ShiftCloseRecord extends OutboxEntry {
  entry: 'shift-close';
  /** The exact payload sent to POS Core; `payload.seq` = `payload.lastSeq` = `seq`. */
  payload: ShiftClose;
}
