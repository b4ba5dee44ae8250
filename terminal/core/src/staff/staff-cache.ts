/**
 * The till's copy of its store's staff with their PIN hashes (`GET /v1/staff`), in the `staff` table:
 * what signs staff in while POS Core is unreachable. Replaced whole by each successful read.
 */
import type { TillStaffMember } from '@pos/shared/staff';
import type { TillDatabase } from '../db/till-database.ts';

export async function replaceCachedStaff(db: TillDatabase, members: readonly TillStaffMember[]): Promise<void> {
  await db.transaction('rw', db.staff, async () => {
    await db.staff.clear();
    await db.staff.bulkPut([...members]);
  });
}

export function cachedStaffMember(db: TillDatabase, id: string): Promise<TillStaffMember | undefined> {
  return db.staff.get(id);
}

/** The members who may sign in here (active), by name. */
export async function activeStaff(db: TillDatabase): Promise<TillStaffMember[]> {
  const all = await db.staff.toArray();
  return all.filter((m) => m.active).sort((a, b) => a.name.localeCompare(b.name));
}
