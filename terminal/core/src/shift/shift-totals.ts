/**
 * The till's side of a shift's totals: its own records of the shift read from the outbox and handed to
 * the shared Z function (shared/src/z-totals.ts) that POS Core runs over what it received — so both
 * compute the same numbers from the same records. A shift's records are this till's records with seq
 * in (openSeq, upTo]; records imported from another till keep that till's numbers and are not in it.
 */
import { orderTotals } from '@pos/shared/pricing/order-totals';
import {
  computeZTotals,
  saleCountsInShift,
  type ZInput,
  type ZMovement,
  type ZRefund,
  type ZSale,
  type ZTotals,
} from '@pos/shared/z-totals';
import type { TillDatabase } from '../db/till-database.ts';
import { type OutboxRecord, terminalOf } from '../outbox/outbox-record.ts';
import { refundRecordCounts } from '../outbox/refund-progress.ts';

export interface ShiftBounds {
  terminalId: string;
  openSeq: number;
  float: number;
}

/**
 * The Z input of a shift's records: the sales that count (with what their discounts took off), the
 * refunds that paid back (all but the refused and the failed: an offline cash refund left the drawer),
 * the cash movements, and how many times the drawer was opened without a sale.
 */
export function zInputOf(records: readonly OutboxRecord[], float: number, counted: number | null): ZInput {
  const input: { sales: ZSale[]; refunds: ZRefund[]; movements: ZMovement[]; noSales: number } = {
    sales: [],
    refunds: [],
    movements: [],
    noSales: 0,
  };
  for (const record of records) {
    if (record.entry === undefined || record.entry === 'sale') {
      if (saleCountsInShift(record.status)) input.sales.push({ ...record.order, discount: orderTotals(record.order).discount });
    } else if (record.entry === 'refund') {
      if (refundRecordCounts(record.status)) {
        input.refunds.push({ tenders: [{ type: record.refund.tender, amount: record.refund.amount }] });
      }
    } else if (record.entry === 'cash-movement') {
      input.movements.push({ direction: record.payload.direction, amount: record.payload.amount });
    } else if (record.entry === 'no-sale') {
      input.noSales += 1;
    }
  }
  return { float, ...input, counted };
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
