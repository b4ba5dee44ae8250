/**
 * What a role may do at the till on its own, and what needs another person's override (issue #15):
 * one policy for the till (which asks for the override) and anyone who checks a record later.
 *
 *   action                      cashier              supervisor           manager
 *   discount ≤ role's cap       yes                  yes                  yes
 *   discount above the cap      approver whose cap covers it (supervisor 25 %, manager 100 %)
 *   refund                      supervisor+          yes                  yes
 *   no sale (open the drawer)   supervisor+          yes                  yes
 *   remove a line after payment started
 *                               supervisor+          yes                  yes
 *   close a shift with a difference beyond the store's tolerance
 *                               manager              manager              yes
 *
 * An override is given by a different, active member of the required role or above, with their PIN;
 * the record that needed it names the approver (`approvedBy`).
 */
import { z } from 'zod';
import type { StaffRole } from './staff.ts';

export const overrideAction = z.enum(['discount', 'refund', 'no_sale', 'remove_line_after_payment', 'shift_close_difference']);
export type OverrideAction = z.infer<typeof overrideAction>;

const RANK: Record<StaffRole, number> = { cashier: 0, supervisor: 1, manager: 2 };

/** The largest discount (basis points of the discounted amount) each role may give without an override. */
export const DISCOUNT_CAP_BPS: Record<StaffRole, number> = { cashier: 1_000, supervisor: 2_500, manager: 10_000 };

/** The least role that may do each fixed-rule action on its own (discounts go by DISCOUNT_CAP_BPS). */
const LEAST_ROLE: Record<Exclude<OverrideAction, 'discount'>, StaffRole> = {
  refund: 'supervisor',
  no_sale: 'supervisor',
  remove_line_after_payment: 'supervisor',
  shift_close_difference: 'manager',
};

/** What the till is about to do, with what decides whether it needs an override. */
export type GuardedAction =
  | { action: 'discount'; discountBps: number }
  | { action: 'refund' }
  | { action: 'no_sale' }
  | { action: 'remove_line_after_payment' }
  /** `difference`: counted − expected (minor units); `tolerance`: the store's allowed |difference|. */
  | { action: 'shift_close_difference'; difference: number; tolerance: number };

/** The override an action needs: its kind and the least role that may approve it. */
export interface OverrideRequirement {
  action: OverrideAction;
  approverRole: StaffRole;
}

export const roleAtLeast = (role: StaffRole, least: StaffRole): boolean => RANK[role] >= RANK[least];

function leastRoleFor(guarded: GuardedAction): StaffRole | null {
  switch (guarded.action) {
    case 'discount': {
      const bps = guarded.discountBps;
      if (bps <= DISCOUNT_CAP_BPS.cashier) return null;
      return bps <= DISCOUNT_CAP_BPS.supervisor ? 'supervisor' : 'manager';
    }
    case 'shift_close_difference':
      return Math.abs(guarded.difference) <= guarded.tolerance ? null : LEAST_ROLE.shift_close_difference;
    default:
      return LEAST_ROLE[guarded.action];
  }
}

/**
 * Null when `role` may do the action on its own, otherwise the override it needs. `role` null: no one
 * is signed in (a store without staff): nothing is guarded then.
 */
export function overrideNeeded(role: StaffRole | null, guarded: GuardedAction): OverrideRequirement | null {
  if (role === null) return null;
  const least = leastRoleFor(guarded);
  if (least === null || roleAtLeast(role, least)) return null;
  return { action: guarded.action, approverRole: least };
}

/** Whether a member may approve `requirement` for `requesterId`: active, someone else, of the role or above. */
export function canApprove(
  approver: { id: string; role: StaffRole; active: boolean },
  requirement: OverrideRequirement,
  requesterId: string | null,
): boolean {
  return approver.active && approver.id !== requesterId && roleAtLeast(approver.role, requirement.approverRole);
}
