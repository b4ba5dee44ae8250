/**
 * Who may refund (issue #14 item 1; the staff issue #15 gives the role or the override): the one place the
 * staff branch's check goes. Today any till of the store may refund any confirmed sale of the store; the
 * submission carries `staffId` / `approvedBy` so the check can require a role or an approver's override
 * without a wire change. Throw a 403 problem to refuse (before anything is recorded).
 */
import type { RefundSubmission } from '@pos/shared/refund';
import type { Principal } from '../../../common/auth.ts';
import { problems } from '../../../common/problem.ts';

export function checkRefundPermission(principal: Principal, refund: RefundSubmission): void {
  if (principal.kind !== 'terminal' || principal.subject !== refund.terminalId) {
    throw problems.forbidden(`This credential may not submit refunds of terminal ${refund.terminalId}.`);
  }
}
