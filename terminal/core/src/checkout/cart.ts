/**
 * The cart as a pure reducer. A line keeps the price and tax rate the product had when it was first
 * added (the sale records what the cashier saw, with the catalogue's priceListVersion).
 * Totals come from `orderAmounts`, the same code POS Core runs, so the till and the server agree.
 */
import { LIMITS } from '@pos/shared/limits';
import { type OrderAmounts, orderAmounts } from '@pos/shared/money';

export interface CartLine {
  productId: string;
  name: string;
  unitPrice: number;
  taxRateBps: number;
  quantity: number;
}

export interface CartState {
  lines: CartLine[];
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
    case 'clear':
      return EMPTY_CART;
  }
}

export function cartTotals(cart: CartState): OrderAmounts {
  return orderAmounts(cart.lines);
}
