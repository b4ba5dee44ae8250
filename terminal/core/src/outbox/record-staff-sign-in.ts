/** Records a staff sign-in or sign-out in the outbox (record-entry.ts): the record takes the till's next seq. */
import { uuidv7 } from '@pos/shared/ids';
import { staffSignIn } from '@pos/shared/staff-records';
import type { TillDatabase } from '../db/till-database.ts';
import { newEntry } from './new-entry.ts';
import { recordEntry } from './record-entry.ts';
import type { StaffSignInRecord } from './staff-sign-in-record.ts';

export interface NewStaffSignIn {
  terminalId: string;
  staffId: string;
  staffName: string;
  action: 'sign_in' | 'sign_out';
  now?: Date;
}

export function recordStaffSignIn(db: TillDatabase, input: NewStaffSignIn): Promise<StaffSignInRecord> {
  const at = (input.now ?? new Date()).toISOString();
  const id = uuidv7();
  const { terminalId, staffId, action } = input;
  return recordEntry(
    db,
    ({ seq, lamport }): StaffSignInRecord => ({
      ...newEntry(id, seq, 'queued', at),
      entry: 'staff-sign-in',
      signIn: staffSignIn.parse({ id, terminalId, seq, createdAt: at, lamport, staffId, action }),
      staffName: input.staffName,
    }),
  );
}
