/** An override given at this till with the approver's PIN: an outbox record (outbox-record.ts) of kind 'override'. */
import type { StaffOverride } from '@pos/shared/staff-records';
import type { OutboxEntry } from './outbox-record.ts';

export interface OverrideRecord extends OutboxEntry {
  entry: 'override';
  /** The exact payload sent to POS Core (`POST /v1/staff/overrides/batch`); `override.seq` equals `seq`. */
  override: StaffOverride;
  /** The approver's name at the time, for the till's history. */
  approverName: string;
}
