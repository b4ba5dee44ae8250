/**
 * Wrong PINs lock a staff member out on this till (issue #15): after MAX_WRONG_PINS wrong PINs in a
 * row, every PIN of theirs is refused — the right one too — until LOCKOUT_MS have passed. Kept in the
 * till's database (`pinAttempts`), so a reload does not lift it; a right PIN clears the count. Counts
 * are per member and per till: another till has its own.
 */
import type { TillDatabase } from '../db/till-database.ts';

export const MAX_WRONG_PINS = 5;
export const LOCKOUT_MS = 5 * 60_000;

/** Until when (epoch ms) the member is locked out at `now`, or null. */
export async function lockedUntil(db: TillDatabase, staffId: string, now: number): Promise<number | null> {
  const attempts = await db.pinAttempts.get(staffId);
  return attempts?.lockedUntil != null && attempts.lockedUntil > now ? attempts.lockedUntil : null;
}

/** Counts a wrong PIN; the fifth in a row locks the member out. Returns the tries left (0 when locked out). */
export async function countWrongPin(
  db: TillDatabase,
  staffId: string,
  now: number,
): Promise<{ triesLeft: number; lockedUntil: number | null }> {
  return db.transaction('rw', db.pinAttempts, async () => {
    const before = await db.pinAttempts.get(staffId);
    // A lockout that ran out starts a fresh count.
    const expired = before?.lockedUntil != null && before.lockedUntil <= now;
    const wrong = (expired ? 0 : (before?.wrong ?? 0)) + 1;
    const locked = wrong >= MAX_WRONG_PINS ? now + LOCKOUT_MS : null;
    await db.pinAttempts.put({ staffId, wrong, lockedUntil: locked });
    return { triesLeft: Math.max(0, MAX_WRONG_PINS - wrong), lockedUntil: locked };
  });
}

export async function clearWrongPins(db: TillDatabase, staffId: string): Promise<void> {
  await db.pinAttempts.delete(staffId);
}
