/**
 * A store's staff (shared/src/staff.ts): what a manager does with them, and the list a till caches.
 * PINs arrive only to be hashed (shared/src/pin-hash.ts) and are never stored, logged or answered; the
 * hash goes only to the store's own tills (`listStaffForTill`). Another store's member is not found (G7).
 */
import { uuidv7 } from '@pos/shared/ids';
import { cutPage } from '@pos/shared/page';
import { hashPin } from '@pos/shared/pin-hash';
import { type StaffMember, type StaffRole, staffCursor, type TillStaffMember } from '@pos/shared/staff';
import type { Queryable } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';

interface StaffRow {
  id: string;
  name: string;
  role: StaffRole;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  pin_hash: string;
}

const COLUMNS = 'id, name, role, active, created_at, updated_at';

const toMember = (row: Omit<StaffRow, 'pin_hash'>): StaffMember => ({
  id: row.id,
  name: row.name,
  role: row.role,
  active: row.active,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function createStaffMember(db: Queryable, tenantId: string, member: { name: string; role: StaffRole; pin: string }) {
  const pinHash = await hashPin(member.pin);
  const { rows } = await db.query<StaffRow>(
    `INSERT INTO staff (tenant_id, id, name, role, pin_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [tenantId, uuidv7(), member.name, member.role, pinHash],
  );
  return toMember(rows[0] as StaffRow);
}

/** Changes one member (role, PIN hash or active); 404 when the store has no such member. */
async function updateMember(
  db: Queryable,
  tenantId: string,
  id: string,
  change: { role?: StaffRole; pinHash?: string; active?: false },
): Promise<StaffMember> {
  const { rows } = await db.query<StaffRow>(
    `UPDATE staff SET role = COALESCE($3, role), pin_hash = COALESCE($4, pin_hash), active = COALESCE($5, active), updated_at = now()
      WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
    [tenantId, id, change.role ?? null, change.pinHash ?? null, change.active ?? null],
  );
  if (!rows[0]) throw problems.notFound('staff member');
  return toMember(rows[0]);
}

export const changeStaffRole = (db: Queryable, tenantId: string, id: string, role: StaffRole) => updateMember(db, tenantId, id, { role });

export const resetStaffPin = async (db: Queryable, tenantId: string, id: string, pin: string) =>
  updateMember(db, tenantId, id, { pinHash: await hashPin(pin) });

export const deactivateStaffMember = (db: Queryable, tenantId: string, id: string) => updateMember(db, tenantId, id, { active: false });

async function readPage<T>(
  db: Queryable,
  tenantId: string,
  query: { cursor?: string; limit: number },
  columns: string,
  map: (row: StaffRow) => T,
) {
  const { rows } = await db.query<StaffRow>(
    `SELECT ${columns} FROM staff WHERE tenant_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3`,
    [tenantId, query.cursor ?? null, query.limit + 1],
  );
  const page = cutPage(rows, query.limit, staffCursor, (row) => row.id);
  return { staff: page.rows.map(map), nextCursor: page.nextCursor, hasMore: page.hasMore };
}

/** `GET /v1/store/staff` (manager): members without their hashes. */
export const listStaff = (db: Queryable, tenantId: string, query: { cursor?: string; limit: number }) =>
  readPage(db, tenantId, query, COLUMNS, toMember);

/** `GET /v1/staff` (the store's tills): members with their PIN hashes, for signing in offline. */
export const listStaffForTill = (db: Queryable, tenantId: string, query: { cursor?: string; limit: number }) =>
  readPage(db, tenantId, query, `${COLUMNS}, pin_hash`, (row): TillStaffMember => ({ ...toMember(row), pinHash: row.pin_hash }));
