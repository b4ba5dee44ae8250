/**
 * The secrets POS Core hands out and how they are stored: only their SHA-256 is ever written.
 *
 *   device / manager token   32 random bytes, base64url, with a readable prefix (`pos_till_`, `pos_mgr_`)
 *   pairing code             8 symbols of Crockford's base32 (40 bits) shown as `XXXX-XXXX`; one use,
 *                            short-lived, and pairing attempts are rate limited per address, so
 *                            guessing one is hopeless within its lifetime
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';

export type TokenKind = 'terminal' | 'manager';

const TOKEN_PREFIX: Record<TokenKind, string> = { terminal: 'pos_till_', manager: 'pos_mgr_' };

export function newToken(kind: TokenKind): string {
  return TOKEN_PREFIX[kind] + randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newPairingCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += CROCKFORD[randomInt(32)];
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

/** What a typed code is compared as: case, dashes and spaces ignored; I/L read as 1 and O as 0 (Crockford). */
export function normalizePairingCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

export function pairingCodeHash(typed: string): string {
  return sha256Hex(`pairing:${normalizePairingCode(typed)}`);
}
