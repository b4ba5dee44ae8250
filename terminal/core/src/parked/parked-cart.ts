/**
 * A cart put aside on this till so the cashier can serve the next customer (issue 18, item 4). It is
 * local to the till (its database; it survives a restart) and is not a sale: it holds no stock and is
 * never sent anywhere. Its prices are the ones the cashier saw when the lines were added; resuming it
 * brings the cart back as it was.
 */
import type { CartState } from '../checkout/cart.ts';

export interface ParkedCart {
  /** Made by the till (uuid v7). */
  id: string;
  cart: CartState;
  /** When it was parked (ISO time): it expires the store's `parkedCartExpiryMinutes` after. */
  parkedAt: string;
  /** The signed-in staff member who parked it, when one is (the staff feature fills it). */
  staffId?: string;
}

/** When a parked cart expires. */
export const parkedCartExpiresAt = (parked: Pick<ParkedCart, 'parkedAt'>, expiryMinutes: number): Date =>
  new Date(Date.parse(parked.parkedAt) + expiryMinutes * 60_000);
