/**
 * Turns a cart and a payment into the `OrderSubmission` POS Core receives, validated with the same
 * schema (`orderSubmission`) and business rules (`checkOrderRules`) the server applies — a sale the
 * till records is never refused by the server for its shape or arithmetic.
 */

import { type CaptureMode, type OrderSubmission, orderSubmission, type Tender } from '@pos/shared/order';
import { checkOrderRules, type RuleViolation } from '@pos/shared/order-rules';
import { type CartState, cartTotals } from './cart.ts';

export type SalePayment = { type: 'cash'; received: number } | { type: 'card'; cardToken: string };

export interface SaleContext {
  terminalId: string;
  currency: string;
  priceListVersion: number;
  /** 'offline' when POS Core was unreachable at the moment of the sale. */
  captureMode: CaptureMode;
  /** The staff member signed in at the till (staff/staff-session.ts), when one is. */
  staffId?: string;
}

export interface OrderInput {
  id: string;
  seq: number;
  lamport: number;
  cart: CartState;
  payment: SalePayment;
  context: SaleContext;
  now: Date;
}

export class InvalidOrderError extends Error {
  constructor(readonly violations: RuleViolation[]) {
    super(violations.map((v) => `${v.path}: ${v.message}`).join('; '));
    this.name = 'InvalidOrderError';
  }
}

export function buildOrder(input: OrderInput): OrderSubmission {
  const { total } = cartTotals(input.cart);
  const tender: Tender =
    input.payment.type === 'cash'
      ? { type: 'cash', amount: total, received: input.payment.received }
      : { type: 'card', amount: total, cardToken: input.payment.cardToken };
  const candidate = {
    id: input.id,
    terminalId: input.context.terminalId,
    seq: input.seq,
    createdAt: input.now.toISOString(),
    lamport: input.lamport,
    captureMode: input.context.captureMode,
    currency: input.context.currency,
    priceListVersion: input.context.priceListVersion,
    lines: input.cart.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      taxRateBps: l.taxRateBps,
    })),
    tenders: [tender],
    total,
    ...(input.cart.receiptEmail ? { receiptEmail: input.cart.receiptEmail } : {}),
    ...(input.context.staffId ? { staffId: input.context.staffId } : {}),
  };
  const parsed = orderSubmission.safeParse(candidate);
  if (!parsed.success) {
    throw new InvalidOrderError(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(order)', message: i.message })));
  }
  const violations = checkOrderRules(parsed.data);
  if (violations.length > 0) throw new InvalidOrderError(violations);
  return parsed.data;
}
