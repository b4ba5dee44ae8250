/**
 * The till's parked carts (the `parkedCarts` table; only this module touches it): park, list, resume,
 * and expire the ones older than the store's `parkedCartExpiryMinutes`. A resumed or expired cart
 * leaves the table in the same transaction that reads it, so it comes back at most once (two windows
 * of the same till cannot both resume it).
 */
import { uuidv7 } from '@pos/shared/ids';
import { DEFAULT_STORE_SETTINGS } from '@pos/shared/store-settings';
import type { CartState } from '../checkout/cart.ts';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { type ParkedCart, parkedCartExpiresAt } from './parked-cart.ts';

export class EmptyCartNotParked extends Error {
  override readonly name = 'EmptyCartNotParked';
  constructor() {
    super('An empty cart cannot be parked.');
  }
}

/** The store's expiry as the till last learned it (store-currency-sync.ts), else the default. */
export async function parkedCartExpiryMinutes(db: TillDatabase): Promise<number> {
  return (await getMeta(db, 'parkedCartExpiryMinutes')) ?? DEFAULT_STORE_SETTINGS.parkedCartExpiryMinutes;
}

/** Parks `cart` (not empty). */
export async function parkCart(db: TillDatabase, cart: CartState, options: { now?: Date; staffId?: string } = {}): Promise<ParkedCart> {
  if (cart.lines.length === 0) throw new EmptyCartNotParked();
  const parked: ParkedCart = {
    id: uuidv7(),
    cart,
    parkedAt: (options.now ?? new Date()).toISOString(),
    ...(options.staffId ? { staffId: options.staffId } : {}),
  };
  await db.parkedCarts.add(parked);
  return parked;
}

/** The parked carts, oldest first. */
export function listParkedCarts(db: TillDatabase): Promise<ParkedCart[]> {
  return db.parkedCarts.orderBy('parkedAt').toArray();
}

export type ResumeOutcome =
  | { kind: 'resumed'; cart: CartState }
  /** It expired before it was resumed: it is gone, the cashier is told. */
  | { kind: 'expired'; parked: ParkedCart }
  /** Already resumed or expired (in this window or another). */
  | { kind: 'gone' };

/** Takes the parked cart back (it leaves the table), unless it expired. */
export async function resumeParkedCart(db: TillDatabase, id: string, now: Date = new Date()): Promise<ResumeOutcome> {
  const expiryMinutes = await parkedCartExpiryMinutes(db);
  return db.transaction('rw', db.parkedCarts, async () => {
    const parked = await db.parkedCarts.get(id);
    if (!parked) return { kind: 'gone' } as const;
    await db.parkedCarts.delete(id);
    if (parkedCartExpiresAt(parked, expiryMinutes) <= now) return { kind: 'expired', parked } as const;
    return { kind: 'resumed', cart: parked.cart } as const;
  });
}

/** Deletes the parked carts that expired by `now` and answers them (for the cashier's notice). */
export async function expireParkedCarts(db: TillDatabase, now: Date = new Date()): Promise<ParkedCart[]> {
  const expiryMinutes = await parkedCartExpiryMinutes(db);
  const cutoff = new Date(now.getTime() - expiryMinutes * 60_000).toISOString();
  return db.transaction('rw', db.parkedCarts, async () => {
    const expired = await db.parkedCarts.where('parkedAt').belowOrEqual(cutoff).toArray();
    await db.parkedCarts.bulkDelete(expired.map((p) => p.id));
    return expired;
  });
}
