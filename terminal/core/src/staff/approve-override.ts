/**
 * An override at the till (shared/src/staff-policy.ts): another member, of the role the action needs or
 * above, approves it with their PIN (checked offline, under their lockout: check-staff-pin.ts). An
 * approval is recorded in the outbox ('override' record) naming the approver and who asked.
 */
import { canApprove, type OverrideRequirement } from '@pos/shared/staff-policy';
import type { TillDatabase } from '../db/till-database.ts';
import type { OverrideRecord } from '../outbox/override-record.ts';
import { recordOverride } from '../outbox/record-override.ts';
import { checkStaffPin } from './check-staff-pin.ts';

export type OverrideOutcome =
  | { kind: 'approved'; record: OverrideRecord; approver: { id: string; name: string } }
  | { kind: 'wrong'; triesLeft: number }
  | { kind: 'locked'; until: number }
  | { kind: 'unknown' }
  /** The PIN was right, but this member may not approve it (their role, or they asked themselves). */
  | { kind: 'not_allowed' };

export interface OverrideRequest {
  terminalId: string;
  requirement: OverrideRequirement;
  /** The signed-in member who asked (null when no one is). */
  requesterId: string | null;
  approverId: string;
  pin: string;
  subjectId?: string | null;
  detail?: string | null;
  now: Date;
}

export async function approveOverride(db: TillDatabase, request: OverrideRequest): Promise<OverrideOutcome> {
  const check = await checkStaffPin(db, request.approverId, request.pin, request.now.getTime());
  if (check.kind !== 'ok') return check;
  if (!canApprove(check.member, request.requirement, request.requesterId)) return { kind: 'not_allowed' };
  const record = await recordOverride(db, {
    terminalId: request.terminalId,
    action: request.requirement.action,
    staffId: request.requesterId,
    approvedBy: check.member.id,
    approverName: check.member.name,
    subjectId: request.subjectId ?? null,
    detail: request.detail ?? null,
    now: request.now,
  });
  return { kind: 'approved', record, approver: { id: check.member.id, name: check.member.name } };
}
