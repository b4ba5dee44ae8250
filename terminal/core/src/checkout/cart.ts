/**
 * The cart as a pure reducer. A line keeps the price and tax rate the product had when it was first
 * added (the sale records what the cashier saw, with the catalogue's priceListVersion), and the
 * cashier's discount on it, if any; the cart may carry one order discount.
 * Totals come from `priceCart`, the same code POS Core runs, so the till and the server agree.
 */
import { LIMITS } from '@pos/shared/limits';
import type { Discount } from '@pos/shared/pricing/discount';
import { type PricedCart, priceCart } from '@pos/shared/pricing/price-cart';
import { LEGACY_PRICING, type PricingSettings } from '@pos/shared/pricing/pricing-settings';

/** A discount as the cashier gives it (its target is where the cart keeps it). */
export type CartDiscount = Pick<Discount, 'type' | 'value' | 'reason'>;

export interface CartLine {
  productId: string;
  name: string;
  unitPrice: number;
  taxRateBps: number;
  quantity: number;
  discount?: CartDiscount;
}

export interface CartState {
  lines: CartLine[];
  /** A discount on the whole order, spread over the lines when priced. */
  orderDiscount?: CartDiscount;
  /** The customer wants the receipt emailed here (typed by the cashier; optional). */
  receiptEmail?: string;
}

export interface CartProduct {
  id: string;
  name: string;
  price: number;
  taxRateBps: number;
}

export type CartAction =
  | { type: 'add'; product: CartProduct; quantity?: number }
  | { type: 'setQuantity'; productId: string; quantity: number }
  | { type: 'remove'; productId: string }
  | { type: 'setReceiptEmail'; email: string }
  /** A parked cart resumed (parked/): it comes back exactly as it was parked. */
  | { type: 'restore'; cart: CartState }
  /** `discount` null: the line's discount is taken back. */
  | { type: 'setLineDiscount'; productId: string; discount: CartDiscount | null }
  | { type: 'setOrderDiscount'; discount: CartDiscount | null }
  | { type: 'clear' };

export const EMPTY_CART: CartState = { lines: [] };

const clampQuantity = (q: number): number => Math.min(LIMITS.maxQuantity, Math.max(0, Math.trunc(q)));

export function cartReducer(state: CartState, action: CartAction): CartState {
  switch (action.type) {
    case 'add': {
      const add = clampQuantity(action.quantity ?? 1);
      if (add === 0) return state;
      const existing = state.lines.find((l) => l.productId === action.product.id);
      if (existing) {
        return cartReducer(state, { type: 'setQuantity', productId: existing.productId, quantity: existing.quantity + add });
      }
      if (state.lines.length >= LIMITS.maxLinesPerOrder) return state;
      const { id, name, price, taxRateBps } = action.product;
      return { ...state, lines: [...state.lines, { productId: id, name, unitPrice: price, taxRateBps, quantity: add }] };
    }
    case 'setQuantity': {
      const quantity = clampQuantity(action.quantity);
      if (quantity === 0) return cartReducer(state, { type: 'remove', productId: action.productId });
      return { ...state, lines: state.lines.map((l) => (l.productId === action.productId ? { ...l, quantity } : l)) };
    }
    case 'remove':
      return { ...state, lines: state.lines.filter((l) => l.productId !== action.productId) };
    case 'setReceiptEmail': {
      const { receiptEmail: _previous, ...rest } = state;
      const email = action.email.trim();
      return email ? { ...rest, receiptEmail: email } : rest;
    }
    case 'restore':
      return action.cart;
    case 'setLineDiscount':
      return {
        ...state,
        lines: state.lines.map((l) => {
          if (l.productId !== action.productId) return l;
          const { discount: _previous, ...line } = l;
          return action.discount ? { ...line, discount: action.discount } : line;
        }),
      };
    case 'setOrderDiscount': {
      const { orderDiscount: _previous, ...rest } = state;
      return action.discount ? { ...rest, orderDiscount: action.discount } : rest;
    }
    case 'clear':
      return EMPTY_CART;
  }
}

/** The cart's discounts as the order carries them (a line's by its position in the cart). */
export function cartDiscounts(cart: CartState): Discount[] {
  return [
    ...cart.lines.flatMap((l, line) => (l.discount ? [{ line, ...l.discount }] : [])),
    ...(cart.orderDiscount ? [{ ...cart.orderDiscount }] : []),
  ];
}

/** The cart priced with the store's rules (the till's copy): the totals the order will carry. */
export function cartTotals(cart: CartState, pricing: PricingSettings = LEGACY_PRICING): PricedCart {
  return priceCart(cart.lines, cartDiscounts(cart), pricing);
}
