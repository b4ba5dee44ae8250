import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../common/problem.ts';
import { decideCapture, decideRefund, decideVoid, unchanged } from './payment-rules.ts';
import type { StoredPayment } from './payment-store.ts';

const payment = (over: Partial<StoredPayment> = {}): StoredPayment => ({
  id: 'p1',
  orderId: '01900000-0000-7000-8000-000000000001',
  part: 1,
  status: 'authorized',
  amount: 1_000,
  capturedAmount: 0,
  refundedAmount: 0,
  declineReason: null,
  currency: 'EUR',
  ...over,
});

const conflictOf = (decide: () => unknown): HttpProblem => {
  try {
    decide();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
  }
  throw new Error('expected a problem');
};

describe('capture', () => {
  it('when the amount is within the authorization, then the payment is captured for that amount', () => {
    expect(decideCapture(payment(), 800)).toMatchObject({
      change: { status: 'captured', capturedAmount: 800 },
      operation: { kind: 'capture', amount: 800 },
    });
  });

  it('when the amount exceeds the authorization, then 409', () => {
    expect(conflictOf(() => decideCapture(payment(), 1_001)).status).toBe(409);
  });

  it.each(['voided', 'declined', 'captured', 'refunded'] as const)('when the payment is %s, then 409', (status) => {
    expect(conflictOf(() => decideCapture(payment({ status }), 100)).status).toBe(409);
  });
});

describe('void', () => {
  it('when the payment is authorized, then it is voided', () => {
    expect(decideVoid(payment())).toMatchObject({ change: { status: 'voided' }, operation: { kind: 'void', amount: 1_000 } });
  });

  it('when the payment is already voided, then nothing changes', () => {
    expect(decideVoid(payment({ status: 'voided' }))).toBe(unchanged);
  });

  it.each(['captured', 'refunded', 'declined'] as const)('when the payment is %s, then 409', (status) => {
    expect(conflictOf(() => decideVoid(payment({ status, capturedAmount: status === 'declined' ? 0 : 1_000 }))).status).toBe(409);
  });
});

describe('refund', () => {
  const captured = payment({ status: 'captured', capturedAmount: 800 });

  it('when the amount is within what was captured, then it is refunded', () => {
    expect(decideRefund(captured, 300)).toMatchObject({ change: { status: 'refunded', capturedAmount: 800, refundedAmount: 300 } });
  });

  it('when earlier refunds leave less than asked, then 409', () => {
    expect(conflictOf(() => decideRefund(payment({ status: 'refunded', capturedAmount: 800, refundedAmount: 600 }), 201)).status).toBe(409);
  });

  it('when the amount exceeds what was captured, then 409', () => {
    expect(conflictOf(() => decideRefund(captured, 801)).status).toBe(409);
  });

  it('when nothing was captured, then 409', () => {
    expect(conflictOf(() => decideRefund(payment(), 1)).status).toBe(409);
  });
});
