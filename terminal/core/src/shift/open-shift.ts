/**
 * Opens a shift with a counted float: a 'shift-open' record in the outbox (record-entry.ts), which also
 * makes it the till's open shift in the same transaction. One open shift per till: with one open,
 * nothing is recorded and ShiftAlreadyOpenError is thrown.
 */
import { uuidv7 } from '@pos/shared/ids';
import { shiftOpen } from '@pos/shared/shift-record';
import type { TillDatabase } from '../db/till-database.ts';
import { recordEntry } from '../outbox/record-entry.ts';
import { newDrawerEntry } from './new-drawer-entry.ts';
import { ShiftAlreadyOpenError } from './open-shift-state.ts';
import type { ShiftOpenRecord } from './shift-open-record.ts';

export interface OpenShiftInput {
  terminalId: string;
  currency: string;
  /** The counted float, minor units. */
  float: number;
  /** The signed-in staff member, when the till knows one. */
  staffId?: string | null;
  now?: Date;
}

export async function openShift(db: TillDatabase, input: OpenShiftInput): Promise<ShiftOpenRecord> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  return recordEntry(db, ({ seq, lamport, openShift, staffId }): ShiftOpenRecord => {
    if (openShift !== null) throw new ShiftAlreadyOpenError();
    const payload = shiftOpen.parse({
      kind: 'shift-open',
      id,
      terminalId: input.terminalId,
      seq,
      createdAt: at,
      lamport,
      currency: input.currency,
      float: input.float,
      ...((input.staffId ?? staffId) ? { staffId: input.staffId ?? staffId } : {}),
    });
    return { ...newDrawerEntry(id, seq, at), entry: 'shift-open', payload };
  });
}
