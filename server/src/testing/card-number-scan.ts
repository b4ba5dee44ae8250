/**
 * Finds what looks like a card number (PAN) in text: runs of 13–19 digits, optionally separated by
 * single spaces or dashes, that pass the Luhn check. Used by tests that scan every database and log
 * written during a run: card data must never be accepted, stored or logged.
 */

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * Candidate runs: 13–19 digits, possibly grouped with single spaces or dashes, standing alone — not
 * inside a longer run of letters and digits (a SHA-256 hex fingerprint holds digit runs that pass
 * Luhn by chance; a card number in text is delimited by quotes, spaces or punctuation).
 */
const CANDIDATE = /(?<![0-9A-Za-z])(?:\d[ -]?){12,18}\d(?![0-9A-Za-z])/g;

export function findCardNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) found.push(digits);
  }
  return found;
}
