import { orderAmounts } from '@pos/shared/money';
import { checkOrderRules } from '@pos/shared/order-rules';
import { priceCart } from '@pos/shared/pricing/price-cart';
import { describe, expect, it } from 'vitest';
import { buildOrder, InvalidOrderError, type SaleContext } from './build-order.ts';
import { type CartState, cartReducer, cartTotals, EMPTY_CART } from './cart.ts';
import { amountText, parseAmount } from './parse-amount.ts';

const coffee = { id: 'coffee', name: 'Coffee', price: 250, taxRateBps: 1000 };
const cake = { id: 'cake', name: 'Cake', price: 333, taxRateBps: 2100 };
const context: SaleContext = { terminalId: 'till-1', currency: 'EUR', priceListVersion: 7, captureMode: 'online' };
const ID = '01936b2e-0000-7000-8000-000000000001';

const cartOf = (...actions: Parameters<typeof cartReducer>[1][]): CartState => actions.reduce(cartReducer, EMPTY_CART);

describe('cartReducer', () => {
  it('when the same product is added twice, then one line has quantity 2', () => {
    const cart = cartOf({ type: 'add', product: coffee }, { type: 'add', product: coffee });
    expect(cart.lines).toEqual([{ productId: 'coffee', name: 'Coffee', unitPrice: 250, taxRateBps: 1000, quantity: 2 }]);
  });

  it('when a quantity is set to 0, then the line is removed; remove and clear empty the cart', () => {
    const cart = cartOf({ type: 'add', product: coffee }, { type: 'add', product: cake });
    expect(cartReducer(cart, { type: 'setQuantity', productId: 'coffee', quantity: 0 }).lines.map((l) => l.productId)).toEqual(['cake']);
    expect(cartReducer(cart, { type: 'remove', productId: 'cake' }).lines.map((l) => l.productId)).toEqual(['coffee']);
    expect(cartReducer(cart, { type: 'clear' })).toEqual(EMPTY_CART);
  });

  it('when a parked cart is restored, then the cart is exactly that cart, whatever it held before', () => {
    const parked = cartOf({ type: 'add', product: coffee }, { type: 'add', product: cake }, { type: 'setReceiptEmail', email: 'a@b.c' });
    expect(cartReducer(cartOf({ type: 'add', product: cake }), { type: 'restore', cart: parked })).toEqual(parked);
  });

  it('when a product is added, then the line keeps the price it had then', () => {
    const cart = cartOf({ type: 'add', product: coffee }, { type: 'add', product: { ...coffee, price: 999 } });
    expect(cart.lines[0]).toMatchObject({ unitPrice: 250, quantity: 2 });
  });

  it('when totals are computed without discounts, then they equal the server rule (orderAmounts, tax half-up per line)', () => {
    const cart = cartOf({ type: 'add', product: coffee, quantity: 3 }, { type: 'add', product: cake });
    const { total, tax } = orderAmounts(cart.lines);
    expect(cartTotals(cart)).toMatchObject({ total, tax, discount: 0 });
    expect(cartTotals(cart)).toMatchObject({ total: 1083, tax: 68 + 58 });
  });

  it('when a line and the order are discounted, then the totals are the shared priceCart of the cart’s discounts, a line’s by its position', () => {
    const cart = cartOf(
      { type: 'add', product: coffee, quantity: 2 },
      { type: 'add', product: cake },
      { type: 'setLineDiscount', productId: 'cake', discount: { type: 'amount', value: 33, reason: 'Damaged item' } },
      { type: 'setOrderDiscount', discount: { type: 'percent', value: 1000, reason: 'Loyalty' } },
    );
    const discounts = [
      { line: 1, type: 'amount', value: 33, reason: 'Damaged item' },
      { type: 'percent', value: 1000, reason: 'Loyalty' },
    ] as const;
    const rules = { pricesIncludeTax: false, cashRoundingIncrement: 5 };
    expect(cartTotals(cart, rules)).toEqual(priceCart(cart.lines, [...discounts], rules));
    // 500 + (333 − 33) = 800, 10 % off = 80 → 50 and 30 (by largest remainder): lines 450 and 270
    expect(cartTotals(cart, rules).lines.map((l) => l.discounted)).toEqual([450, 270]);
    const withoutCake = cartReducer(cart, { type: 'remove', productId: 'cake' });
    expect(cartTotals(withoutCake, rules)).toMatchObject({ subtotal: 500, discount: 50 });
    const taken = cartReducer(cartReducer(cart, { type: 'setLineDiscount', productId: 'cake', discount: null }), {
      type: 'setOrderDiscount',
      discount: null,
    });
    expect(cartTotals(taken, rules).discount).toBe(0);
  });
});

describe('receipt email', () => {
  it('when the cashier enters the customer email, then it stays with the cart and the order carries it; cleared, it is gone', () => {
    const cart = cartOf(
      { type: 'add', product: coffee },
      { type: 'setReceiptEmail', email: ' ann@example.com ' },
      { type: 'add', product: cake },
    );
    expect(cart.receiptEmail).toBe('ann@example.com');
    const order = buildOrder({ id: ID, seq: 1, lamport: 1, cart, payment: { type: 'cash', received: 1000 }, context, now: new Date() });
    expect(order.receiptEmail).toBe('ann@example.com');
    const cleared = cartReducer(cart, { type: 'setReceiptEmail', email: '' });
    expect('receiptEmail' in cleared).toBe(false);
    expect(cartReducer(cart, { type: 'clear' })).toEqual(EMPTY_CART);
  });

  it('when the email is not an address, then the sale is refused before it is recorded', () => {
    const cart = cartOf({ type: 'add', product: coffee }, { type: 'setReceiptEmail', email: 'not-an-email' });
    expect(() =>
      buildOrder({ id: ID, seq: 1, lamport: 1, cart, payment: { type: 'cash', received: 1000 }, context, now: new Date() }),
    ).toThrow(InvalidOrderError);
  });
});

describe('buildOrder', () => {
  const cart = cartOf({ type: 'add', product: coffee, quantity: 2 }, { type: 'add', product: cake });

  it('when paid in cash, then the order passes the server schema and rules with the total as tender amount', () => {
    const order = buildOrder({ id: ID, seq: 4, lamport: 9, cart, payment: { type: 'cash', received: 1000 }, context, now: new Date() });
    expect(order.total).toBe(833);
    expect(order.tenders).toEqual([{ type: 'cash', amount: 833, received: 1000 }]);
    expect(checkOrderRules(order)).toEqual([]);
  });

  it('when the store rounds cash and adds tax, then a discounted cash sale tenders the rounded amount and the card sale the exact total', () => {
    const discounted = cartReducer(cart, { type: 'setOrderDiscount', discount: { type: 'amount', value: 12, reason: 'Loyalty' } });
    const rules = { ...context, pricing: { pricesIncludeTax: false, cashRoundingIncrement: 5 } };
    const cash = buildOrder({
      id: ID,
      seq: 4,
      lamport: 9,
      cart: discounted,
      payment: { type: 'cash', received: 2000 },
      context: rules,
      now: new Date(),
    });
    // 821 net after the discount; tax 10 % of 493 → 49 (493 = 500 − 7) and 21 % of 328 → 69 (328 = 333 − 5): 939 → 940 in cash
    expect(cash).toMatchObject({ total: 939, cashRounding: 1, tenders: [{ type: 'cash', amount: 940, received: 2000 }] });
    expect(cash.discounts).toEqual([{ type: 'amount', value: 12, reason: 'Loyalty' }]);
    expect(checkOrderRules(cash)).toEqual([]);
    const card = buildOrder({
      id: ID,
      seq: 5,
      lamport: 9,
      cart: discounted,
      payment: { type: 'card', cardToken: 'tok_visa' },
      context: rules,
      now: new Date(),
    });
    expect(card).toMatchObject({ total: 939, tenders: [{ type: 'card', amount: 939 }] });
    expect('cashRounding' in card).toBe(false);
  });

  it('when a sale is split, then the card parts are exact and the cash part pays the rest, cash rounded; card parts over the total are refused', () => {
    const rules = { ...context, pricing: { pricesIncludeTax: true, cashRoundingIncrement: 5 } };
    const split = (cards: { amount: number; cardToken: string }[], cashReceived: number) =>
      buildOrder({ id: ID, seq: 6, lamport: 9, cart, payment: { type: 'split', cards, cashReceived }, context: rules, now: new Date() });
    // Total 8.33: 5.00 by card, 3.33 left → 3.35 in cash.
    const order = split([{ amount: 500, cardToken: 'tok_visa' }], 400);
    expect(order).toMatchObject({
      total: 833,
      cashRounding: 2,
      tenders: [
        { type: 'card', amount: 500, cardToken: 'tok_visa' },
        { type: 'cash', amount: 335, received: 400 },
      ],
    });
    expect(checkOrderRules(order)).toEqual([]);
    expect(split([{ amount: 833, cardToken: 'tok_visa' }], 0).tenders).toEqual([{ type: 'card', amount: 833, cardToken: 'tok_visa' }]);
    expect(() => split([{ amount: 900, cardToken: 'tok_visa' }], 0)).toThrow(/tenders add up to 900/);
    expect(() => split([{ amount: 500, cardToken: 'tok_visa' }], 300)).toThrow(/cash received 300 is less than the amount 335/);
  });

  it('when the cash received is short, or a card is used offline, or the cart is empty, then it is refused before recording', () => {
    const build = (overrides: Partial<Parameters<typeof buildOrder>[0]>) => () =>
      buildOrder({ id: ID, seq: 1, lamport: 1, cart, payment: { type: 'cash', received: 1000 }, context, now: new Date(), ...overrides });
    expect(build({ payment: { type: 'cash', received: 800 } })).toThrow(InvalidOrderError);
    expect(build({ payment: { type: 'card', cardToken: 'tok_visa' }, context: { ...context, captureMode: 'offline' } })).toThrow(/offline/);
    expect(build({ cart: EMPTY_CART })).toThrow(InvalidOrderError);
  });
});

describe('parseAmount', () => {
  it('when the cashier types an amount, then it becomes exact minor units', () => {
    expect(parseAmount('12')).toBe(1200);
    expect(parseAmount('12.5')).toBe(1250);
    expect(parseAmount('0,07')).toBe(7);
    expect(parseAmount('1.234')).toBeNull();
    expect(parseAmount('-3')).toBeNull();
    expect(amountText(1205)).toBe('12.05');
  });
});
