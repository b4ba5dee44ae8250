import { describe, expect, it } from 'vitest';
import { uuidv7 } from './ids.ts';
import { LIMITS } from './limits.ts';
import { orderSubmission } from './order.ts';
import { checkOrderRules } from './order-rules.ts';

const valid = () => ({
  id: uuidv7(),
  terminalId: 'demo-till-1',
  seq: 1,
  createdAt: '2026-11-25T18:00:00.000Z',
  lamport: 3,
  captureMode: 'offline' as const,
  currency: 'EUR',
  priceListVersion: 1,
  lines: [{ productId: 'p-001', quantity: 2, unitPrice: 250, taxRateBps: 1000 }],
  tenders: [{ type: 'cash' as const, amount: 500, received: 1000 }],
  total: 500,
});

describe('orderSubmission', () => {
  it('accepts a well-formed order', () => {
    expect(orderSubmission.safeParse(valid()).success).toBe(true);
  });

  it('refuses unknown fields', () => {
    expect(orderSubmission.safeParse({ ...valid(), tenantId: 'other' }).success).toBe(false);
  });

  it('refuses card numbers in place of tokens', () => {
    const o = { ...valid(), tenders: [{ type: 'card', amount: 500, cardToken: '4242424242424242' }] };
    expect(orderSubmission.safeParse(o).success).toBe(false);
  });

  it('refuses fractional money and oversized arrays', () => {
    expect(orderSubmission.safeParse({ ...valid(), total: 5.5 }).success).toBe(false);
    const lines = Array.from({ length: 201 }, () => valid().lines[0]);
    expect(orderSubmission.safeParse({ ...valid(), lines }).success).toBe(false);
  });
});

describe('checkOrderRules', () => {
  it('passes a consistent order', () => {
    expect(checkOrderRules(orderSubmission.parse(valid()))).toEqual([]);
  });

  it('flags a total that does not add up and short cash', () => {
    const o = orderSubmission.parse({ ...valid(), total: 499, tenders: [{ type: 'cash', amount: 499, received: 100 }] });
    const paths = checkOrderRules(o).map((v) => v.path);
    expect(paths).toContain('total');
    expect(paths).toContain('tenders.0.received');
  });

  it('refuses an offline card sale', () => {
    const o = orderSubmission.parse({ ...valid(), tenders: [{ type: 'card', amount: 500, cardToken: 'tok_visa' }] });
    expect(checkOrderRules(o).map((v) => v.path)).toContain('captureMode');
  });

  it('when an online sale is paid by several card parts (and cash), then the rules pass', () => {
    const tenders = [
      { type: 'card' as const, amount: 200, cardToken: 'tok_visa' },
      { type: 'card' as const, amount: 150, cardToken: 'tok_visa' },
      { type: 'cash' as const, amount: 150, received: 200 },
    ];
    expect(checkOrderRules(orderSubmission.parse({ ...valid(), captureMode: 'online', tenders }))).toEqual([]);
  });

  it('when a sale has more card parts than the cap, then the tenders are refused with the cap named', () => {
    const card = { type: 'card' as const, amount: 100, cardToken: 'tok_visa' };
    const o = orderSubmission.parse({ ...valid(), captureMode: 'online', tenders: [card, card, card, card, { ...card, amount: 100 }] });
    expect(checkOrderRules(o)).toEqual([{ path: 'tenders', message: `at most ${LIMITS.maxCardParts} card parts per order (it has 5)` }]);
  });

  it('when a split sale has a card part of 0, then that part is refused', () => {
    const tenders = [
      { type: 'card' as const, amount: 500, cardToken: 'tok_visa' },
      { type: 'card' as const, amount: 0, cardToken: 'tok_visa' },
    ];
    const o = orderSubmission.parse({ ...valid(), captureMode: 'online', tenders });
    expect(checkOrderRules(o).map((v) => v.path)).toEqual(['tenders.1.amount']);
  });

  it('when an offline sale has card parts, then it is refused (offline sales are cash only)', () => {
    const tenders = [
      { type: 'card' as const, amount: 250, cardToken: 'tok_visa' },
      { type: 'card' as const, amount: 250, cardToken: 'tok_visa' },
    ];
    expect(checkOrderRules(orderSubmission.parse({ ...valid(), tenders })).map((v) => v.path)).toEqual(['captureMode']);
  });

  it('prices a discounted order with the rules it names, cash rounding included', () => {
    // 2 × 2.50 with tax added (10 %), 10 % off the order: 450 + 45 tax = 495; cash rounded to 0.10 → 5.00
    const o = orderSubmission.parse({
      ...valid(),
      discounts: [{ type: 'percent', value: 1000, reason: 'loyalty' }],
      pricing: { pricesIncludeTax: false, cashRoundingIncrement: 10 },
      total: 495,
      cashRounding: 5,
      tenders: [{ type: 'cash', amount: 500, received: 500 }],
    });
    expect(checkOrderRules(o)).toEqual([]);
    const unrounded = orderSubmission.parse({ ...o, cashRounding: undefined, tenders: [{ type: 'cash', amount: 495, received: 500 }] });
    expect(checkOrderRules(unrounded).map((v) => v.path)).toEqual(['cashRounding']);
  });

  it('flags a discount on a line the order does not have', () => {
    const o = orderSubmission.parse({ ...valid(), discounts: [{ line: 3, type: 'amount', value: 10, reason: 'dent' }] });
    expect(checkOrderRules(o).map((v) => v.path)).toContain('discounts.0.line');
  });
});
