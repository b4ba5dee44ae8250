/**
 * What every submitted order must pass before anything is recorded (G8): the strict wire schema,
 * the shared business rules (totals recomputed with the shared money code), and the caller: a till
 * submits only its own sales (the principal's subject is the terminal id).
 */

import { type OrderSubmission, orderSubmission } from '@pos/shared/order';
import { checkOrderRules } from '@pos/shared/order-rules';
import type { Principal } from '../../common/auth.ts';
import { parseOr400, problems } from '../../common/problem.ts';

/** Returns the parsed order or throws the 400 / 403 problem that explains why not. */
export function checkSubmission(raw: unknown, principal: Principal): OrderSubmission {
  return checkParsedSubmission(parseOr400(orderSubmission, raw, 'order'), principal);
}

/** checkSubmission for an order already parsed with the wire schema: the business rules and the caller. */
export function checkParsedSubmission(order: OrderSubmission, principal: Principal): OrderSubmission {
  const violations = checkOrderRules(order);
  if (violations.length > 0) throw problems.validation(violations, 'The order does not add up.');
  if (principal.kind !== 'terminal' || principal.subject !== order.terminalId) {
    throw problems.forbidden(`This credential may not submit orders of terminal ${order.terminalId}.`);
  }
  return order;
}

/** The id of an unreadable batch item, when it has a readable one (for its result line). */
export function readableId(raw: unknown): string | null {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length <= 64 ? id : null;
}
