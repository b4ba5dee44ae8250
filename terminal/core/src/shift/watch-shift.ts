/**
 * The drawer as the Shift screen shows it, kept current (coalesced like every outbox figure,
 * outbox/watch-sales.ts): the open shift with its X totals so far, and the till's Z reports.
 */
import type { ZTotals } from '@pos/shared/z-totals';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { watchSales } from '../outbox/watch-sales.ts';
import type { OpenShift } from './open-shift-state.ts';
import type { ShiftCloseRecord } from './shift-close-record.ts';
import { shiftTotals } from './shift-totals.ts';
import { listZReports } from './till-z-report.ts';

export interface ShiftView {
  open: OpenShift | null;
  /** The open shift's X report (its totals so far; no count). */
  x: ZTotals | null;
  /** The till's Z reports, newest first. */
  zReports: ShiftCloseRecord[];
}

/** Runs inside watchSales' read transaction: every await is on a database read (awaiting anything else would end the transaction). */
export async function readShiftView(db: TillDatabase, terminalId: string): Promise<ShiftView> {
  const open = (await getMeta(db, 'openShift')) ?? null;
  const zReports = await listZReports(db);
  if (!open) return { open, x: null, zReports };
  return { open, x: await shiftTotals(db, { terminalId, openSeq: open.openSeq, float: open.float }), zReports };
}

export function watchShiftView(db: TillDatabase, terminalId: string, onValue: (view: ShiftView) => void): () => void {
  return watchSales(db, () => readShiftView(db, terminalId), onValue);
}

/** Watches only whether a shift is open (cheap: one meta read per change), for the Sell screen. */
export function watchOpenShift(db: TillDatabase, onValue: (open: OpenShift | null) => void): () => void {
  return watchSales(db, async () => (await getMeta(db, 'openShift')) ?? null, onValue);
}
