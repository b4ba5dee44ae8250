/**
 * The till's side of a shift's totals: its own records of the shift read from the outbox and handed to
 * the shared Z function (shared/src/z-totals.ts) that POS Core runs over what it received — so both
 * compute the same numbers from the same records. A shift's records are this till's records with seq
 * in (openSeq, upTo]; records imported from another till keep that till's numbers and are not in it.
 */
import { computeZTotals, saleCountsInShift, type ZInput, type ZTotals } from '@pos/shared/z-totals';
import type { TillDatabase } from '../db/till-database.ts';
import { type OutboxRecord, terminalOf } from '../outbox/outbox-record.ts';

export interface ShiftBounds {
  terminalId: string;
  openSeq: number;
  float: number;
}

/** The Z input of a shift's records (the sales that count, cash movements); refunds join when they are records. */
export function zInputOf(records: readonly OutboxRecord[], float: number, counted: number | null): ZInput {
  const input: { sales: ZInput['sales'][number][]; movements: ZInput['movements'][number][] } = { sales: [], movements: [] };
  for (const record of records) {
    if (record.entry === undefined || record.entry === 'sale') {
      if (saleCountsInShift(record.status)) input.sales.push(record.order);
    } else if (record.entry === 'cash-movement') {
      input.movements.push({ direction: record.payload.direction, amount: record.payload.amount });
    }
  }
  return { float, sales: input.sales, refunds: [], movements: input.movements, counted };
}

/** The shift's records with seq above its open record, up to `upTo` (all so far when absent), seq order. */
export async function shiftRecords(db: TillDatabase, shift: ShiftBounds, upTo = Number.MAX_SAFE_INTEGER): Promise<OutboxRecord[]> {
  const rows = await db.sales.where('seq').between(shift.openSeq, upTo, false, true).toArray();
  return rows.filter((r) => terminalOf(r) === shift.terminalId).sort((a, b) => a.seq - b.seq);
}

/** The shift's totals now (an X report when `counted` is null). */
export async function shiftTotals(db: TillDatabase, shift: ShiftBounds, counted: number | null = null, upTo?: number): Promise<ZTotals> {
  return computeZTotals(zInputOf(await shiftRecords(db, shift, upTo), shift.float, counted));
}
