/**
 * The rules of moving money on an existing payment, as pure functions of its current state:
 *
 *   authorized ──capture(a ≤ amount)──▶ captured ──refund(Σ ≤ captured)──▶ refunded ──refund──▶ refunded
 *       └──────────void──────────────▶ voided ──void──▶ voided (no change)
 *
 * A rule returns the change to apply, `unchanged` when the payment already is where the request
 * wants it, or throws a 409 problem: a capture never exceeds its authorization, a refund never
 * exceeds what was captured, a captured payment is refunded, never voided.
 */
import type { EventType } from '@pos/shared/event';
import { problems } from '../../common/problem.ts';
import type { OperationKind, PaymentChange, StoredPayment } from './payment-store.ts';

export interface Movement {
  change: PaymentChange;
  operation: { kind: OperationKind; amount: number };
  event: EventType;
}

export const unchanged = 'unchanged';
export type Decision = Movement | typeof unchanged;

export function decideCapture(p: StoredPayment, amount: number): Decision {
  if (p.status !== 'authorized') throw problems.conflict(`A ${p.status} payment cannot be captured.`);
  if (amount > p.amount) throw problems.conflict(`The capture (${amount}) exceeds the authorized amount (${p.amount}).`);
  return {
    change: { status: 'captured', capturedAmount: amount, refundedAmount: 0 },
    operation: { kind: 'capture', amount },
    event: 'payment.captured',
  };
}

export function decideVoid(p: StoredPayment): Decision {
  if (p.status === 'voided') return unchanged;
  if (p.status === 'captured' || p.status === 'refunded')
    throw problems.conflict(`A ${p.status} payment cannot be voided; refund it instead.`);
  if (p.status !== 'authorized') throw problems.conflict(`A ${p.status} payment holds no funds to void.`);
  return {
    change: { status: 'voided', capturedAmount: 0, refundedAmount: 0 },
    operation: { kind: 'void', amount: p.amount },
    event: 'payment.voided',
  };
}

export function decideRefund(p: StoredPayment, amount: number): Decision {
  if (p.status !== 'captured' && p.status !== 'refunded') throw problems.conflict(`A ${p.status} payment has nothing captured to refund.`);
  const refundable = p.capturedAmount - p.refundedAmount;
  if (amount > refundable) throw problems.conflict(`The refund (${amount}) exceeds the refundable captured amount (${refundable}).`);
  return {
    change: { status: 'refunded', capturedAmount: p.capturedAmount, refundedAmount: p.refundedAmount + amount },
    operation: { kind: 'refund', amount },
    event: 'payment.refunded',
  };
}
