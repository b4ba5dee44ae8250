/**
 * The money of a refund, one pure computation the till and POS Core both run (DESIGN §7):
 *
 *   a line sold Q units for a recorded line total T (what the customer paid for the line, after any
 *   discount). Refunding units n+1 … n+q of it pays back  ⌊T·(n+q)/Q⌋ − ⌊T·n/Q⌋,
 *
 * so the refunds of a line always add up to exactly T once every unit came back, whatever the order and
 * size of the refunds, and no refund ever pays back more than the line's share of T. Refunds that failed
 * count for nothing.
 */
import { orderTotals, type PricedOrder } from './pricing/order-totals.ts';

/** An order line as a refund sees it: how many were sold and what they were paid (minor units). */
export interface SoldLine {
  lineNo: number;
  quantity: number;
  total: number;
}

/** A refund's line as already recorded against the order. */
export interface RefundedLine {
  lineNo: number;
  quantity: number;
}

/** The refundable remainder of each line: units not yet refunded and the money they stand for. */
export interface Remainder {
  lineNo: number;
  quantity: number;
  amount: number;
}

/**
 * An order's lines as a refund sees them: units sold and what the customer paid for each line — after
 * its discounts, with tax where the store adds it — as the shared pricing (pricing/order-totals.ts)
 * prices the order on the till and at POS Core alike.
 */
export function soldLinesOf(order: PricedOrder): SoldLine[] {
  const priced = orderTotals(order).lines;
  return order.lines.map((l, i) => ({ lineNo: i + 1, quantity: l.quantity, total: priced[i]?.total ?? 0 }));
}

const share = (line: SoldLine, units: number): number => Math.floor((line.total * units) / line.quantity);

/** Units refunded so far per line. */
export function refundedUnits(refunds: readonly (readonly RefundedLine[])[]): Map<number, number> {
  const units = new Map<number, number>();
  for (const lines of refunds) for (const l of lines) units.set(l.lineNo, (units.get(l.lineNo) ?? 0) + l.quantity);
  return units;
}

/** What remains refundable of each sold line, given the lines of every refund recorded so far. */
export function refundableRemainder(sold: readonly SoldLine[], refunds: readonly (readonly RefundedLine[])[]): Remainder[] {
  const done = refundedUnits(refunds);
  return sold.map((line) => {
    const n = Math.min(done.get(line.lineNo) ?? 0, line.quantity);
    return { lineNo: line.lineNo, quantity: line.quantity - n, amount: line.total - share(line, n) };
  });
}

/** One requested line checked against what remains: its amount, and how many units it asks beyond the remainder. */
export interface PricedRefundLine {
  lineNo: number;
  quantity: number;
  amount: number;
  /** Units asked beyond what remained refundable (0 when within; > 0 for an over-refund). */
  excess: number;
}

/**
 * The amount of each requested line (units n+1 … n+q of the line, capped at what was sold) and any
 * excess. A line number the order does not have is all excess, with amount 0.
 */
export function priceRefund(
  sold: readonly SoldLine[],
  refunds: readonly (readonly RefundedLine[])[],
  request: readonly RefundedLine[],
): PricedRefundLine[] {
  const done = refundedUnits(refunds);
  const byNo = new Map(sold.map((l) => [l.lineNo, l]));
  return request.map((r) => {
    const line = byNo.get(r.lineNo);
    if (!line) return { lineNo: r.lineNo, quantity: r.quantity, amount: 0, excess: r.quantity };
    const n = Math.min(done.get(r.lineNo) ?? 0, line.quantity);
    const within = Math.min(r.quantity, line.quantity - n);
    return { lineNo: r.lineNo, quantity: r.quantity, amount: share(line, n + within) - share(line, n), excess: r.quantity - within };
  });
}

/** The total a refund pays back: the sum of its priced lines. */
export const refundAmount = (priced: readonly Pick<PricedRefundLine, 'amount'>[]): number => priced.reduce((sum, l) => sum + l.amount, 0);
