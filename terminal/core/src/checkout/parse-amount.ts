/**
 * Reads an amount the cashier typed ("12", "12.5", "12,50") as integer minor units without floating
 * point. Returns null for anything else (negative, more than two decimals, letters).
 */
export function parseAmount(text: string): number | null {
  const match = /^\s*(\d{1,9})(?:[.,](\d{0,2}))?\s*$/.exec(text);
  if (!match) return null;
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(2, '0'));
  return whole * 100 + fraction;
}

/** Minor units as the plain text a cashier would type (1250 → "12.50"). */
export const amountText = (minor: number): string => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
