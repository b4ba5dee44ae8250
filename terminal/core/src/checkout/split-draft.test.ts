import { checkOrderRules } from '@pos/shared/order-rules';
import { describe, expect, it } from 'vitest';
import { buildOrder, type SaleContext } from './build-order.ts';
import { cardPartDecline } from './card-part-decline.ts';
import { cartReducer, EMPTY_CART } from './cart.ts';
import { MAX_CARD_PARTS, readSplit } from './split-draft.ts';

const pricing = { pricesIncludeTax: true, cashRoundingIncrement: 5 };
const card = (amountText: string, cardToken = 'tok_visa') => ({ amountText, cardToken });
const cake = { id: 'cake', name: 'Cake', price: 833, taxRateBps: 2100 };
const context: SaleContext = { terminalId: 'till-1', currency: 'EUR', priceListVersion: 7, captureMode: 'online', pricing };

describe('readSplit', () => {
  it('when two card parts and cash pay the total, then the payment has both parts in order and the cash due is rounded', () => {
    // 8.33: 3.00 + 2.00 by card, 3.33 left → 3.35 in cash.
    const draft = readSplit({ total: 833, pricing, cards: [card('3.00'), card('2.00', 'tok_declined')], cashText: '5.00' });
    expect(draft).toMatchObject({ cardPaid: 500, rest: 333, cashDue: 335, problem: null });
    expect(draft.payment).toEqual({
      type: 'split',
      cards: [
        { amount: 300, cardToken: 'tok_visa' },
        { amount: 200, cardToken: 'tok_declined' },
      ],
      cashReceived: 500,
    });
  });

  it('when the card parts pay the whole total, then no cash is due and the tenders are the card parts alone', () => {
    const draft = readSplit({ total: 833, pricing, cards: [card('5.00'), card('3.33')], cashText: '' });
    expect(draft).toMatchObject({ cashDue: 0, problem: null });
    const order = buildOrder({
      id: '01936b2e-0000-7000-8000-000000000001',
      seq: 1,
      lamport: 1,
      cart: cartReducer(EMPTY_CART, { type: 'add', product: cake }),
      payment: draft.payment!,
      context,
      now: new Date(),
    });
    expect(order.tenders).toEqual([
      { type: 'card', amount: 500, cardToken: 'tok_visa' },
      { type: 'card', amount: 333, cardToken: 'tok_visa' },
    ]);
    expect(checkOrderRules(order)).toEqual([]);
  });

  it.each([
    ['no card part', [], '10.00', 'Add a card part.'],
    ['a part without an amount', [card('3.00'), card('')], '10.00', 'Enter the amount of card part 2.'],
    ['a part of zero', [card('0')], '10.00', 'Enter the amount of card part 1.'],
    ['parts over the total', [card('5.00'), card('4.00')], '', 'The card parts add up to more than the total.'],
    ['too little cash', [card('5.00')], '3.00', 'Enter the cash received for the rest.'],
    [
      'too many parts',
      Array.from({ length: MAX_CARD_PARTS + 1 }, () => card('1.00')),
      '9.00',
      `At most ${MAX_CARD_PARTS} card parts per sale.`,
    ],
  ])('when the split has %s, then it cannot be charged and says why', (_, cards, cashText, problem) => {
    const draft = readSplit({ total: 833, pricing, cards, cashText });
    expect(draft.problem).toBe(problem);
    expect(draft.payment).toBeNull();
  });
});

describe('cardPartDecline', () => {
  it('when the reason names a declined card part, then the part and the processor reason are read from it', () => {
    expect(cardPartDecline('card_part_2_declined: insufficient_funds')).toEqual({ part: 2, processorReason: 'insufficient_funds' });
  });

  it.each([null, 'card_declined', 'insufficient_stock'])('when the reason is %s, then it names no card part', (reason) => {
    expect(cardPartDecline(reason)).toBeNull();
  });
});
