/**
 * The till's Z reports: each is its shift-close record (numbered per till, immutable once recorded),
 * read back with what POS Core says of it. Provisional until POS Core has every record of the shift
 * and says so (its report is `final`); then final, and any number on which the server's totals and the
 * till's differ is listed (a discrepancy the manager sees in the console as well).
 */
import type { ZReport } from '@pos/shared/z-report';
import type { ZTotals } from '@pos/shared/z-totals';
import type { TillDatabase } from '../db/till-database.ts';
import { SERVER_FINAL_STATUSES } from '../outbox/outbox-record.ts';
import type { ShiftCloseRecord } from './shift-close-record.ts';
import { shiftRecords } from './shift-totals.ts';

export interface TillZReport {
  shiftId: string;
  zNumber: number;
  terminalId: string;
  openSeq: number;
  lastSeq: number;
  openedAt: string | null;
  closedAt: string;
  staffId: string | null;
  counted: number;
  denominations: ShiftCloseRecord['payload']['count']['denominations'];
  tillTotals: ZTotals;
  /** Records of the shift (the close included) that POS Core has not acknowledged yet. */
  unsynced: number;
  status: 'provisional' | 'final';
  /** POS Core's report when it could be read (null offline or before the close reached it). */
  server: ZReport | null;
  /** Where POS Core's final totals differ from the till's (empty: they agree to the cent). */
  differences: string[];
}

/** The till's Z reports (its shift-close records), newest first. */
export async function listZReports(db: TillDatabase, limit = 50): Promise<ShiftCloseRecord[]> {
  const closes = await db.sales.filter((r) => r.entry === 'shift-close').toArray();
  return (closes as ShiftCloseRecord[]).sort((a, b) => b.payload.zNumber - a.payload.zNumber).slice(0, limit);
}

/** One Z report with its state: `server` is POS Core's report of the shift, or null when it could not be read. */
export async function describeZReport(db: TillDatabase, close: ShiftCloseRecord, server: ZReport | null): Promise<TillZReport> {
  const p = close.payload;
  const open = await db.sales.get(p.shiftId);
  const openSeq = open?.seq ?? 0;
  const records = [...(await shiftRecords(db, { terminalId: p.terminalId, openSeq, float: 0 }, p.lastSeq)), ...(open ? [open] : [])];
  const unsynced = records.filter((r) => !SERVER_FINAL_STATUSES.includes(r.status)).length;
  const final = server?.status === 'final';
  return {
    shiftId: p.shiftId,
    zNumber: p.zNumber,
    terminalId: p.terminalId,
    openSeq,
    lastSeq: p.lastSeq,
    openedAt: open?.createdAt ?? null,
    closedAt: p.createdAt,
    staffId: p.staffId ?? null,
    counted: p.count.total,
    denominations: p.count.denominations,
    tillTotals: p.tillTotals,
    unsynced,
    status: final ? 'final' : 'provisional',
    server,
    differences: final && server ? server.differences : [],
  };
}
