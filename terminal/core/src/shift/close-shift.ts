/**
 * Closes the open shift with a blind count by denomination: a 'shift-close' record whose payload holds
 * the Z report's number, `lastSeq` (its own seq) and the totals the till computed over the shift's
 * records. Reading the records and recording the close happen in ONE read-write transaction, so no
 * sale can slip between the totals and the close. Allowed offline (a store must close): the Z is
 * provisional until POS Core has every record of the shift (till-z-report.ts).
 */
import { uuidv7 } from '@pos/shared/ids';
import { countedTotal, type DenominationCount, shiftClose } from '@pos/shared/shift-record';
import { computeZTotals } from '@pos/shared/z-totals';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { recordEntry } from '../outbox/record-entry.ts';
import { newDrawerEntry } from './new-drawer-entry.ts';
import { NoOpenShiftError } from './open-shift-state.ts';
import type { ShiftCloseRecord } from './shift-close-record.ts';
import { shiftRecords, zInputOf } from './shift-totals.ts';

export interface CloseShiftInput {
  terminalId: string;
  /** The blind count: notes and coins by value (minor units). */
  denominations: readonly DenominationCount[];
  staffId?: string | null;
  approvedBy?: string | null;
  now?: Date;
}

export async function closeShift(db: TillDatabase, input: CloseShiftInput): Promise<ShiftCloseRecord> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  const denominations = input.denominations.filter((d) => d.quantity > 0);
  const counted = countedTotal(denominations);
  return db.transaction('rw', db.sales, db.meta, async () => {
    const open = await getMeta(db, 'openShift');
    if (!open) throw new NoOpenShiftError('closing a shift');
    const records = await shiftRecords(db, { terminalId: input.terminalId, openSeq: open.openSeq, float: open.float });
    const tillTotals = computeZTotals(zInputOf(records, open.float, counted));
    return recordEntry(db, ({ seq, lamport, openShift, nextZNumber, staffId }): ShiftCloseRecord => {
      if (openShift?.id !== open.id) throw new NoOpenShiftError('closing a shift');
      const payload = shiftClose.parse({
        kind: 'shift-close',
        id,
        terminalId: input.terminalId,
        seq,
        createdAt: at,
        lamport,
        shiftId: open.id,
        lastSeq: seq,
        zNumber: nextZNumber,
        count: { denominations, total: counted },
        tillTotals,
        ...((input.staffId ?? staffId) ? { staffId: input.staffId ?? staffId } : {}),
        ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
      });
      return { ...newDrawerEntry(id, seq, at), entry: 'shift-close', payload };
    });
  });
}
