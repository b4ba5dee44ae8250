/**
 * The totals of a shift (its X or Z report), computed by ONE function that the till and POS Core both
 * run (issue 15): the till over its own outbox, the server over what it received. Same records in →
 * same totals out, to the cent; integer minor units only.
 *
 * Contract:
 * - Sales that count are the shift's sales whose status is not declined, rejected or cancelled
 *   (`saleCountsInShift`): a cash sale is a fact even before the server confirms it.
 * - Per tender: what was applied to sales (`amount`), minus what refunds paid back in that tender.
 * - Per tax rate: gross and contained tax of the lines sold (money.ts's rule, per line) and refunded.
 * - Expected cash = float + cash tendered − change given + cash in − cash out − cash refunds, where
 *   cash tendered is what customers handed over (`received`) and change given is what went back
 *   (`changeDue` per cash tender). Counted − expected is the drawer's difference.
 * - No sales: how many times the drawer was opened without a sale (`no-sale` records); no money.
 */
import { z } from 'zod';
import { changeDue, lineAmounts, type PricedLine } from './money.ts';

export type ZTenderType = 'cash' | 'card';
export const Z_TENDER_TYPES: readonly ZTenderType[] = ['cash', 'card'];

/** A sale as the totals read it: an OrderSubmission fits as it is. `discount`: what was taken off (0 when absent). */
export interface ZSale {
  lines: readonly PricedLine[];
  tenders: readonly ({ type: 'cash'; amount: number; received: number } | { type: 'card'; amount: number })[];
  total: number;
  discount?: number;
}

/** A refund as the totals read it: what it paid back, by tender; its lines (for the tax split) when known. */
export interface ZRefund {
  tenders: readonly { type: ZTenderType; amount: number }[];
  lines?: readonly PricedLine[];
}

export interface ZMovement {
  direction: 'in' | 'out';
  amount: number;
}

export interface ZInput {
  float: number;
  /** The sales that count (filter with `saleCountsInShift`). */
  sales: readonly ZSale[];
  refunds: readonly ZRefund[];
  movements: readonly ZMovement[];
  /** How many `no-sale` records the shift has (0 when absent). */
  noSales?: number;
  /** The blind count at close; null for an X report before the count. */
  counted: number | null;
}

const amount = z.number().int();
const countTotal = z.strictObject({ count: amount.min(0), total: amount });

export const zTotals = z.strictObject({
  float: amount.min(0),
  sales: z.strictObject({ count: amount.min(0), total: amount, tax: amount }),
  refunds: z.strictObject({ count: amount.min(0), total: amount, tax: amount }),
  discounts: countTotal,
  /** Per tender type, always both, in Z_TENDER_TYPES order. */
  byTender: z
    .array(z.strictObject({ type: z.enum(['cash', 'card']), salesCount: amount.min(0), sales: amount, refunds: amount, net: amount }))
    .max(2),
  /** Per tax rate that occurs, ascending. */
  byTaxRate: z
    .array(
      z.strictObject({
        taxRateBps: amount.min(0),
        salesGross: amount,
        salesTax: amount,
        refundsGross: amount,
        refundsTax: amount,
      }),
    )
    .max(200),
  cashIn: countTotal,
  cashOut: countTotal,
  /** Drawer openings without a sale ("No sale"). Default 0: a till of protocol ≤ 1.1 does not send it. */
  noSales: amount.min(0).default(0),
  cashTendered: amount,
  changeGiven: amount,
  cashRefunds: amount,
  expectedCash: amount,
  counted: amount.nullable(),
  /** counted − expected (null before the count). */
  difference: amount.nullable(),
});
export type ZTotals = z.infer<typeof zTotals>;

const NOT_IN_SHIFT = new Set(['declined', 'rejected', 'cancelled']);

/** Whether a sale of this status (the till's or the server's) counts in its shift's totals. */
export function saleCountsInShift(status: string): boolean {
  return !NOT_IN_SHIFT.has(status);
}

export function computeZTotals(input: ZInput): ZTotals {
  const tender = new Map(Z_TENDER_TYPES.map((type) => [type, { type, salesCount: 0, sales: 0, refunds: 0, net: 0 }]));
  const rates = new Map<number, { taxRateBps: number; salesGross: number; salesTax: number; refundsGross: number; refundsTax: number }>();
  const rate = (taxRateBps: number) => {
    const found = rates.get(taxRateBps);
    if (found) return found;
    const entry = { taxRateBps, salesGross: 0, salesTax: 0, refundsGross: 0, refundsTax: 0 };
    rates.set(taxRateBps, entry);
    return entry;
  };
  let salesTotal = 0;
  let salesTax = 0;
  let discountCount = 0;
  let discountTotal = 0;
  let cashTendered = 0;
  let changeGiven = 0;
  for (const sale of input.sales) {
    salesTotal += sale.total;
    for (const line of sale.lines) {
      const { gross, tax } = lineAmounts(line);
      const entry = rate(line.taxRateBps);
      entry.salesGross += gross;
      entry.salesTax += tax;
      salesTax += tax;
    }
    for (const t of new Set(sale.tenders.map((x) => x.type))) tender.get(t)!.salesCount += 1;
    for (const t of sale.tenders) {
      tender.get(t.type)!.sales += t.amount;
      if (t.type === 'cash') {
        cashTendered += t.received;
        changeGiven += changeDue(t.amount, t.received);
      }
    }
    if ((sale.discount ?? 0) > 0) {
      discountCount += 1;
      discountTotal += sale.discount!;
    }
  }
  let refundsTotal = 0;
  let refundsTax = 0;
  let cashRefunds = 0;
  for (const refund of input.refunds) {
    for (const t of refund.tenders) {
      refundsTotal += t.amount;
      tender.get(t.type)!.refunds += t.amount;
      if (t.type === 'cash') cashRefunds += t.amount;
    }
    for (const line of refund.lines ?? []) {
      const { gross, tax } = lineAmounts(line);
      const entry = rate(line.taxRateBps);
      entry.refundsGross += gross;
      entry.refundsTax += tax;
      refundsTax += tax;
    }
  }
  const cashIn = { count: 0, total: 0 };
  const cashOut = { count: 0, total: 0 };
  for (const m of input.movements) {
    const side = m.direction === 'in' ? cashIn : cashOut;
    side.count += 1;
    side.total += m.amount;
  }
  for (const t of tender.values()) t.net = t.sales - t.refunds;
  const expectedCash = input.float + cashTendered - changeGiven + cashIn.total - cashOut.total - cashRefunds;
  return {
    float: input.float,
    sales: { count: input.sales.length, total: salesTotal, tax: salesTax },
    refunds: { count: input.refunds.length, total: refundsTotal, tax: refundsTax },
    discounts: { count: discountCount, total: discountTotal },
    byTender: [...tender.values()],
    byTaxRate: [...rates.values()].sort((a, b) => a.taxRateBps - b.taxRateBps),
    cashIn,
    cashOut,
    noSales: input.noSales ?? 0,
    cashTendered,
    changeGiven,
    cashRefunds,
    expectedCash,
    counted: input.counted,
    difference: input.counted === null ? null : input.counted - expectedCash,
  };
}

/**
 * Where two Z totals of one shift differ (the till's and the server's): the dotted paths of every
 * differing number, empty when they agree to the cent.
 */
export function zTotalsDifferences(a: ZTotals, b: ZTotals): string[] {
  const out: string[] = [];
  const walk = (x: unknown, y: unknown, path: string) => {
    if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    } else if (x !== y) {
      out.push(path);
    }
  };
  walk(a, b, '');
  return out;
}
