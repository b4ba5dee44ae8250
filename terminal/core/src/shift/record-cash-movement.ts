/** Cash put into or taken out of the drawer with a reason: a 'cash-movement' record of the open shift. */
import { uuidv7 } from '@pos/shared/ids';
import { cashMovement } from '@pos/shared/shift-record';
import type { TillDatabase } from '../db/till-database.ts';
import { recordEntry } from '../outbox/record-entry.ts';
import type { CashMovementRecord } from './cash-movement-record.ts';
import { newDrawerEntry } from './new-drawer-entry.ts';
import { NoOpenShiftError } from './open-shift-state.ts';

export interface CashMovementInput {
  terminalId: string;
  direction: 'in' | 'out';
  amount: number;
  reason: string;
  staffId?: string | null;
  approvedBy?: string | null;
  now?: Date;
}

export async function recordCashMovement(db: TillDatabase, input: CashMovementInput): Promise<CashMovementRecord> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  return recordEntry(db, ({ seq, lamport, openShift, staffId }): CashMovementRecord => {
    if (openShift === null) throw new NoOpenShiftError(input.direction === 'in' ? 'putting cash in' : 'taking cash out');
    const payload = cashMovement.parse({
      kind: 'cash-movement',
      id,
      terminalId: input.terminalId,
      seq,
      createdAt: at,
      lamport,
      shiftId: openShift.id,
      direction: input.direction,
      amount: input.amount,
      reason: input.reason,
      ...((input.staffId ?? staffId) ? { staffId: input.staffId ?? staffId } : {}),
      ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
    });
    return { ...newDrawerEntry(id, seq, at), entry: 'cash-movement', payload };
  });
}
