/**
 * PIN hashing, one implementation for POS Core (hashes a PIN when a manager sets it) and the till
 * (verifies a PIN offline, in the renderer): bcrypt (bcryptjs, plain JavaScript: Node 20 and any
 * browser alike), a random salt per hash, cost BCRYPT_COST (≈ 0.1 s per check on a till). A 4–6 digit
 * PIN has at most a million values, so the hash only slows an offline guess; the lockout
 * (the till's sign-in) is what limits guesses at the till.
 */
import bcrypt from 'bcryptjs';

export const BCRYPT_COST = 10;

export function hashPin(pin: string): Promise<string> {
  return bcrypt.hash(pin, BCRYPT_COST);
}

/** True when `pin` is the one `hash` was made of; false for any other PIN or a malformed hash. */
export async function verifyPin(pin: string, hash: string): Promise<boolean> {
  try {
    return await bcrypt.compare(pin, hash);
  } catch {
    return false;
  }
}
