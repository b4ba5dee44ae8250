/**
 * Checks a staff member's PIN on the till, offline, against the cached hash (shared/src/pin-hash.ts),
 * under the lockout (pin-lockout.ts). The one check behind signing in and approving an override.
 */
import { verifyPin } from '@pos/shared/pin-hash';
import type { TillStaffMember } from '@pos/shared/staff';
import type { TillDatabase } from '../db/till-database.ts';
import { clearWrongPins, countWrongPin, lockedUntil } from './pin-lockout.ts';
import { cachedStaffMember } from './staff-cache.ts';

export type PinCheck =
  | { kind: 'ok'; member: TillStaffMember }
  | { kind: 'wrong'; triesLeft: number }
  /** Too many wrong PINs: refused until `until` (epoch ms), whatever the PIN. */
  | { kind: 'locked'; until: number }
  /** Not a member this till knows, or deactivated. */
  | { kind: 'unknown' };

export async function checkStaffPin(db: TillDatabase, staffId: string, pin: string, now: number): Promise<PinCheck> {
  const member = await cachedStaffMember(db, staffId);
  if (!member?.active) return { kind: 'unknown' };
  const locked = await lockedUntil(db, staffId, now);
  if (locked !== null) return { kind: 'locked', until: locked };
  if (await verifyPin(pin, member.pinHash)) {
    await clearWrongPins(db, staffId);
    return { kind: 'ok', member };
  }
  const counted = await countWrongPin(db, staffId, now);
  return counted.lockedUntil !== null ? { kind: 'locked', until: counted.lockedUntil } : { kind: 'wrong', triesLeft: counted.triesLeft };
}
