/**
 * Opens a shift when none is open, else leaves the open one: for drivers of the till that are not a
 * cashier — the test fixtures, the soak's headless till and the benchmark — so they sell the way a
 * till does (inside a shift) without each opening one its own way.
 */
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { openShift } from './open-shift.ts';
import { type OpenShift, openShiftAfter, ShiftAlreadyOpenError } from './open-shift-state.ts';

export async function ensureOpenShift(
  db: TillDatabase,
  input: { terminalId: string; currency: string; float?: number },
): Promise<OpenShift> {
  const open = await getMeta(db, 'openShift');
  if (open) return open;
  try {
    return openShiftAfter(null, await openShift(db, { terminalId: input.terminalId, currency: input.currency, float: input.float ?? 0 }))!;
  } catch (error) {
    // Another caller opened one meanwhile: that one is the till's open shift.
    if (error instanceof ShiftAlreadyOpenError) return (await getMeta(db, 'openShift'))!;
    throw error;
  }
}
