/** Cash put into or taken out of the drawer with a reason: a 'cash-movement' record of the open shift. */
import { cashMovement } from '@pos/shared/shift-record';
import type { TillDatabase } from '../db/till-database.ts';
import type { CashMovementRecord } from './cash-movement-record.ts';
import { recordInOpenShift } from './record-in-open-shift.ts';

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
  const doing = input.direction === 'in' ? 'putting cash in' : 'taking cash out';
  return recordInOpenShift(db, input, doing, (fields, entry): CashMovementRecord => {
    const payload = cashMovement.parse({
      kind: 'cash-movement',
      ...fields,
      direction: input.direction,
      amount: input.amount,
      reason: input.reason,
    });
    return { ...entry, entry: 'cash-movement', payload };
  });
}
