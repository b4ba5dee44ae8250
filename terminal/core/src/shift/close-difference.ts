/**
 * What closing the open shift with a count would leave: counted − expected (the Z's difference) and the
 * store's tolerance (meta `shiftCloseTolerance`, from `GET /v1/store`; the default until the till learned
 * it). The till asks this after the blind count and before recording the close, so a difference beyond
 * the tolerance goes through the manager's override (staff-policy.ts `shift_close_difference`).
 */
import { countedTotal, type DenominationCount } from '@pos/shared/shift-record';
import { DEFAULT_STORE_SETTINGS } from '@pos/shared/store-settings';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { NoOpenShiftError } from './open-shift-state.ts';
import { shiftTotals } from './shift-totals.ts';

export interface CloseDifference {
  counted: number;
  expected: number;
  /** counted − expected, minor units (negative: cash short). */
  difference: number;
  tolerance: number;
}

export async function closeDifference(
  db: TillDatabase,
  terminalId: string,
  denominations: readonly DenominationCount[],
): Promise<CloseDifference> {
  const counted = countedTotal(denominations.filter((d) => d.quantity > 0));
  return db.transaction('r', db.sales, db.meta, async () => {
    const open = await getMeta(db, 'openShift');
    if (!open) throw new NoOpenShiftError('closing a shift');
    const totals = await shiftTotals(db, { terminalId, openSeq: open.openSeq, float: open.float }, counted);
    const tolerance = (await getMeta(db, 'shiftCloseTolerance')) ?? DEFAULT_STORE_SETTINGS.shiftCloseTolerance;
    return { counted, expected: totals.expectedCash, difference: counted - totals.expectedCash, tolerance };
  });
}
