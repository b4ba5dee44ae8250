/**
 * The till and POS Core agree to the minor unit on every discounted sale, over random carts
 * (fast-check): the till's cart and order code (cart reducer, cartTotals, cashDue, buildOrder) against
 * what POS Core runs on the same order after the wire (server/src/pos-core/domain/check-submission.ts:
 * the strict schema and the shared order rules; record-orders.ts: orderTotals and pricingMismatch
 * against the store's rules).
 */
import { orderSubmission } from '@pos/shared/order';
import { checkOrderRules } from '@pos/shared/order-rules';
import { discountedCart } from '@pos/shared/pricing/discounted-cart-arbitrary';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import { pricingMismatch } from '@pos/shared/pricing/pricing-mismatch';
import { DEFAULT_STORE_SETTINGS } from '@pos/shared/store-settings';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOrder, type SaleContext } from './build-order.ts';
import { type CartState, cartReducer, cartTotals, EMPTY_CART } from './cart.ts';
import { cashDue } from './cash-due.ts';

const ID = '01936b2e-0000-7000-8000-000000000001';

describe('till and server pricing (property)', () => {
  it('a random discounted cart paid in cash or by card: the server accepts the till’s order, prices it to the same minor unit and reports no mismatch', () => {
    fc.assert(
      fc.property(discountedCart, fc.boolean(), ({ lines, discounts, settings }, byCard) => {
        // The cashier's cart: one line per product, then its discounts as the UI dispatches them.
        let cart: CartState = lines.reduce(
          (c, l, i) =>
            cartReducer(c, {
              type: 'add',
              product: { id: `p-${i}`, name: `P${i}`, price: l.unitPrice, taxRateBps: l.taxRateBps },
              quantity: l.quantity,
            }),
          EMPTY_CART,
        );
        for (const { line, ...discount } of discounts) {
          cart = cartReducer(
            cart,
            line === undefined ? { type: 'setOrderDiscount', discount } : { type: 'setLineDiscount', productId: `p-${line}`, discount },
          );
        }
        const shown = cartTotals(cart, settings);
        const context: SaleContext = {
          terminalId: 'till-1',
          currency: 'EUR',
          priceListVersion: 1,
          captureMode: 'online',
          pricing: settings,
        };
        const due = byCard ? shown.total : cashDue(shown.total, settings);
        const payment = byCard ? { type: 'card' as const, cardToken: 'tok_visa' } : { type: 'cash' as const, received: due };
        if (shown.total === 0 && byCard) return; // a card cannot be charged nothing (Payment refuses 0): not a sale the till offers
        const order = buildOrder({ id: ID, seq: 1, lamport: 1, cart, payment, context, now: new Date('2026-11-30T00:00:00Z') });

        const received = orderSubmission.parse(JSON.parse(JSON.stringify(order)));
        expect(checkOrderRules(received)).toEqual([]);
        const server = orderTotals(received);
        expect(server.total).toBe(shown.total);
        expect(server.tax).toBe(shown.tax);
        expect(server.discount).toBe(shown.discount);
        expect(server.due).toBe(due);
        expect(received.tenders.reduce((s, t) => s + t.amount, 0)).toBe(due);
        expect(server.lines.map((l) => l.lineDiscount + l.orderDiscount)).toEqual(shown.lines.map((l) => l.lineDiscount + l.orderDiscount));
        const store = { ...DEFAULT_STORE_SETTINGS, ...settings, discountCapPercent: 100 };
        expect(pricingMismatch(received, store)).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
