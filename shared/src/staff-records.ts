/**
 * The till's staff records (DESIGN §7: records of the one outbox, on the one per-till sequence): a
 * staff member signed in or out, and an override given at the till. Facts: POS Core accepts each once
 * (its id is its Idempotency-Key) and never refuses one for what it says. Sent in batches of one kind,
 * answered like `POST /v1/orders/batch` (one `batchResult` per item, status `confirmed`).
 *   POST /v1/staff/sign-ins/batch  { records: StaffSignIn[] }
 *   POST /v1/staff/overrides/batch { records: StaffOverride[] }
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { orderId, terminalId } from './order.ts';
import { cursorCodec, pageQuery, pageSchema } from './page.ts';
import { staffId } from './staff.ts';
import { overrideAction } from './staff-policy.ts';

const recordFields = {
  /** Made by the till (uuid v7); its Idempotency-Key. */
  id: orderId,
  terminalId,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  createdAt: z.iso.datetime({ offset: true }),
  lamport: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
};

export const staffSignIn = z.strictObject({
  ...recordFields,
  staffId,
  /** sign_in: the member took the till; sign_out: they left it (a switch of cashier is one of each). */
  action: z.enum(['sign_in', 'sign_out']),
});
export type StaffSignIn = z.infer<typeof staffSignIn>;

export const staffOverride = z.strictObject({
  ...recordFields,
  action: overrideAction,
  /** Who asked (the signed-in member), null when no one was signed in. */
  staffId: staffId.nullable(),
  /** Who approved, with their PIN, at the till. */
  approvedBy: staffId,
  /** The record the override was for, when there is one (e.g. the sale whose line was removed). */
  subjectId: z.string().max(64).nullable(),
  /** What the override was for, in words (e.g. the line removed), for the manager. */
  detail: z.string().max(200).nullable(),
});
export type StaffOverride = z.infer<typeof staffOverride>;

/** Either batch: items are validated one by one (one bad item never fails the others). */
export const staffRecordBatch = z.strictObject({ records: z.array(z.unknown()).min(1).max(LIMITS.maxOrdersPerBatch) });

/** `GET /v1/store/staff/overrides` (manager): the overrides given at the store's tills, oldest first. */
export const overrideView = staffOverride.extend({ receivedAt: z.string() });
export type OverrideView = z.infer<typeof overrideView>;
export const overrideCursor = cursorCodec('overrides', orderId);
export const overridesQuery = pageQuery(overrideCursor, {});
export const overridePage = pageSchema('overrides', overrideView);
