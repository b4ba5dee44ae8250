/**
 * Turns a cart and a payment into the `OrderSubmission` POS Core receives, validated with the same
 * schema (`orderSubmission`) and business rules (`checkOrderRules`) the server applies — a sale the
 * till records is never refused by the server for its shape or arithmetic.
 */

import { type CaptureMode, type OrderSubmission, orderSubmission, type Tender } from '@pos/shared/order';
import { checkOrderRules, type RuleViolation } from '@pos/shared/order-rules';
import { cashRoundingAdjustment } from '@pos/shared/pricing/cash-rounding';
import { priceCart } from '@pos/shared/pricing/price-cart';
import { LEGACY_PRICING, type PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { type CartState, cartDiscounts } from './cart.ts';

/**
 * One sale paid by several tenders: card parts of the amounts given (each charged through POS Core's
 * saga) and the rest, if any, in cash (rounded to the store's increment; `cashReceived` what the
 * customer handed over). Card parts are online only.
 */
export interface SplitPayment {
  type: 'split';
  cards: { amount: number; cardToken: string }[];
  cashReceived: number;
}

export type SalePayment = { type: 'cash'; received: number } | { type: 'card'; cardToken: string } | SplitPayment;

/** The tenders of a payment for `total` (the shared cash rounding applied to the cash part). */
export function tendersFor(payment: SalePayment, total: number, pricing: PricingSettings): { tenders: Tender[]; cashRounding: number } {
  if (payment.type === 'card') return { tenders: [{ type: 'card', amount: total, cardToken: payment.cardToken }], cashRounding: 0 };
  const cards: Tender[] = payment.type === 'split' ? payment.cards.map((c) => ({ type: 'card', ...c })) : [];
  const cardPaid = cards.reduce((s, t) => s + t.amount, 0);
  const rest = total - cardPaid;
  if (rest <= 0 && cards.length > 0) return { tenders: cards, cashRounding: 0 };
  const cashRounding = cashRoundingAdjustment(total, cardPaid, true, pricing.cashRoundingIncrement);
  const received = payment.type === 'cash' ? payment.received : payment.cashReceived;
  return { tenders: [...cards, { type: 'cash', amount: rest + cashRounding, received }], cashRounding };
}

export interface SaleContext {
  terminalId: string;
  currency: string;
  priceListVersion: number;
  /** 'offline' when POS Core was unreachable at the moment of the sale. */
  captureMode: CaptureMode;
  /** The store's pricing rules as the till last learned them (absent: LEGACY_PRICING). */
  pricing?: PricingSettings;
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

/**
 * The order with its totals from the shared `priceCart`: the cart's discounts priced with the store's
 * rules; card tenders of exact amounts, a cash tender of the cash-rounded rest (`tendersFor`).
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
  const { total } = priceCart(lines, discounts, pricing);
  const { tenders, cashRounding } = tendersFor(input.payment, total, pricing);
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
    tenders,
    total,
    ...(discounts.length > 0 ? { discounts } : {}),
    pricing,
    ...(cashRounding !== 0 ? { cashRounding } : {}),
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
