/** A staff member signed in or out at this till: an outbox record (outbox-record.ts) of kind 'staff-sign-in'. */
import type { StaffSignIn } from '@pos/shared/staff-records';
import type { OutboxEntry } from './outbox-record.ts';

export interface StaffSignInRecord extends OutboxEntry {
  entry: 'staff-sign-in';
  /** The exact payload sent to POS Core (`POST /v1/staff/sign-ins/batch`); `signIn.seq` equals `seq`. */
  signIn: StaffSignIn;
  /** The member's name at the time, for the till's history. */
  staffName: string;
}
