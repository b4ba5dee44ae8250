/**
 * Turns a cart and a payment into the `OrderSubmission` POS Core receives, validated with the same
 * schema (`orderSubmission`) and business rules (`checkOrderRules`) the server applies — a sale the
 * till records is never refused by the server for its shape or arithmetic.
 */

import { type CaptureMode, type OrderSubmission, orderSubmission, type Tender } from '@pos/shared/order';
import { checkOrderRules, type RuleViolation } from '@pos/shared/order-rules';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import { LEGACY_PRICING, type PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { type CartState, cartDiscounts } from './cart.ts';

export type SalePayment = { type: 'cash'; received: number } | { type: 'card'; cardToken: string };

export interface SaleContext {
  terminalId: string;
  currency: string;
  priceListVersion: number;
  /** 'offline' when POS Core was unreachable at the moment of the sale. */
  captureMode: CaptureMode;
  /** The store's pricing rules as the till last learned them (absent: LEGACY_PRICING). */
  pricing?: PricingSettings;
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

/**
 * The order with its totals from the shared `orderTotals`: the cart's discounts priced with the
 * store's rules, a cash tender of the cash-rounded amount due, a card tender of the exact total.
 */
export function buildOrder(input: OrderInput): OrderSubmission {
  const pricing = input.context.pricing ?? LEGACY_PRICING;
  const lines = input.cart.lines.map((l) => ({
    productId: l.productId,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    taxRateBps: l.taxRateBps,
  }));
  const discounts = cartDiscounts(input.cart);
  const isCash = input.payment.type === 'cash';
  const placeholder: Tender = { type: 'cash', amount: 0, received: 0 };
  const totals = orderTotals({ lines, discounts, pricing, tenders: isCash ? [placeholder] : [] });
  const tender: Tender =
    input.payment.type === 'cash'
      ? { type: 'cash', amount: totals.due, received: input.payment.received }
      : { type: 'card', amount: totals.total, cardToken: input.payment.cardToken };
  const candidate = {
    id: input.id,
    terminalId: input.context.terminalId,
    seq: input.seq,
    createdAt: input.now.toISOString(),
    lamport: input.lamport,
    captureMode: input.context.captureMode,
    currency: input.context.currency,
    priceListVersion: input.context.priceListVersion,
    lines,
    tenders: [tender],
    total: totals.total,
    ...(discounts.length > 0 ? { discounts } : {}),
    pricing,
    ...(totals.cashRounding !== 0 ? { cashRounding: totals.cashRounding } : {}),
    ...(input.cart.receiptEmail ? { receiptEmail: input.cart.receiptEmail } : {}),
  };
  const parsed = orderSubmission.safeParse(candidate);
  if (!parsed.success) {
    throw new InvalidOrderError(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(order)', message: i.message })));
  }
  const violations = checkOrderRules(parsed.data);
  if (violations.length > 0) throw new InvalidOrderError(violations);
  return parsed.data;
}
