/**
 * Money and tax, shared by the till and POS Core so that both compute the same numbers.
 *
 * Contract:
 * - Every amount is an integer in minor units (cents). No floating point touches money.
 * - Prices include tax. The tax contained in a line is
 *     tax = gross × rate / (1 + rate), rounded half-up per line,
 *   where gross = quantity × unitPrice and rate = taxRateBps / 10 000.
 * - An order's total is the sum of its lines' gross amounts; its tax the sum of the lines' taxes.
 *
 * `orderAmounts` is the case of a sale without discounts in a store whose prices include tax; a sale's
 * pricing in general (discounts, tax added, cash rounding) is `pricing/price-cart.ts`.
 */

export interface PricedLine {
  quantity: number;
  unitPrice: number;
  taxRateBps: number;
}

export interface LineAmounts {
  gross: number;
  tax: number;
}

export interface OrderAmounts {
  total: number;
  tax: number;
  lines: LineAmounts[];
}

/** Integer division of a non-negative numerator, rounding half up. */
function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** Tax contained in a tax-inclusive gross amount (half-up). */
export function taxIncluded(gross: number, taxRateBps: number): number {
  if (!Number.isSafeInteger(gross) || gross < 0) throw new RangeError(`gross must be a non-negative integer, got ${gross}`);
  if (!Number.isInteger(taxRateBps) || taxRateBps < 0) throw new RangeError(`taxRateBps must be a non-negative integer, got ${taxRateBps}`);
  if (taxRateBps === 0) return 0;
  return divideHalfUp(gross * taxRateBps, 10_000 + taxRateBps);
}

export function lineAmounts(line: PricedLine): LineAmounts {
  const gross = line.quantity * line.unitPrice;
  return { gross, tax: taxIncluded(gross, line.taxRateBps) };
}

export function orderAmounts(lines: readonly PricedLine[]): OrderAmounts {
  const amounts = lines.map(lineAmounts);
  return {
    lines: amounts,
    total: amounts.reduce((sum, l) => sum + l.gross, 0),
    tax: amounts.reduce((sum, l) => sum + l.tax, 0),
  };
}

/** Change due to a cash customer; never negative. */
export function changeDue(amount: number, received: number): number {
  return Math.max(0, received - amount);
}

/**
 * Formats minor units for display, e.g. 1250 EUR → "€12.50"; with no currency known, the bare amount
 * ("12.50"). Display only: never parse it back.
 */
export function formatMoney(minor: number, currency: string | undefined, locale = 'en-IE'): string {
  if (currency === undefined) return (minor / 100).toFixed(2);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(minor / 100);
}

/**
 * Reads an amount a person typed ("12", "12.5", "12,50") as integer minor units without floating
 * point. Returns null for anything else (negative, more than two decimals, letters).
 */
export function parseAmount(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

/** Minor units as the plain text a person would type (1250 → "12.50"). */
export const amountText = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
