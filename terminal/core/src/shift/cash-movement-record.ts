/** The outbox record of cash put into or taken out of the drawer with a reason (entry 'cash-movement'). */
import type { CashMovement } from '@pos/shared/shift-record';
import type { OutboxEntry } from '../outbox/outbox-record.ts';

export interface CashMovementRecord extends OutboxEntry {
  entry: 'cash-movement';
  /** The exact payload sent to POS Core; `payload.seq` equals `seq`. */
  payload: CashMovement;
}
