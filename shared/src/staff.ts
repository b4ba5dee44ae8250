/**
 * Staff of a store (issue #15): who may sign in at its tills, with which role. The manager's console
 * manages them (`/v1/store/staff`, manager only); a till reads them with the salted slow hashes of their
 * PINs (`GET /v1/staff`, the till's credential) so that it can sign staff in offline. A PIN itself is
 * only ever in a create / reset request body: never stored, logged, answered or cached.
 */
import { z } from 'zod';
import { UUID_PATTERN } from './ids.ts';
import { cursorCodec, pageQuery, pageSchema } from './page.ts';

export const staffRole = z.enum(['cashier', 'supervisor', 'manager']);
export type StaffRole = z.infer<typeof staffRole>;

export const staffId = z.string().regex(UUID_PATTERN, 'must be a lowercase UUID');
/** 4–6 digits. */
export const staffPin = z.string().regex(/^\d{4,6}$/, 'must be 4–6 digits');
export const staffName = z.string().trim().min(1).max(80);

export const staffMember = z.object({
  id: staffId,
  name: z.string(),
  role: staffRole,
  /** A deactivated member can no longer sign in; kept so that records keep naming them. */
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StaffMember = z.infer<typeof staffMember>;

/** `POST /v1/store/staff` (Idempotency-Key). */
export const createStaffRequest = z.strictObject({ name: staffName, role: staffRole, pin: staffPin });
export type CreateStaffRequest = z.infer<typeof createStaffRequest>;
/** `PUT /v1/store/staff/:id/role` (Idempotency-Key). */
export const changeStaffRoleRequest = z.strictObject({ role: staffRole });
/** `PUT /v1/store/staff/:id/pin` (Idempotency-Key). */
export const resetStaffPinRequest = z.strictObject({ pin: staffPin });
/** `POST /v1/store/staff/:id/deactivate` (Idempotency-Key). */
export const deactivateStaffRequest = z.strictObject({});

/** The answer to every staff mutation. */
export const staffAnswer = z.object({ staff: staffMember });

/** Cursors of the staff lists: the last member's id (uuid v7: creation order). */
export const staffCursor = cursorCodec('staff', staffId);
export const staffQuery = pageQuery(staffCursor, {});
/** `GET /v1/store/staff` (manager): every member, active or not, oldest first. */
export const staffPage = pageSchema('staff', staffMember);

/** A member as a till caches it: with the salted slow hash of the PIN (pin-hash.ts), never the PIN. */
export const tillStaffMember = staffMember.extend({ pinHash: z.string().min(1).max(200) });
export type TillStaffMember = z.infer<typeof tillStaffMember>;
/** `GET /v1/staff` (till): every member of the till's store, active or not (a deactivated one is refused at sign-in). */
export const tillStaffPage = pageSchema('staff', tillStaffMember);
