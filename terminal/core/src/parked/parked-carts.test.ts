import { afterEach, describe, expect, test } from 'vitest';
import { cartReducer, EMPTY_CART } from '../checkout/cart.ts';
import { putMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { EmptyCartNotParked, expireParkedCarts, listParkedCarts, parkCart, resumeParkedCart } from './parked-carts.ts';

const espresso = { id: 'p-1', name: 'Espresso', price: 250, taxRateBps: 1000 };
const croissant = { id: 'p-2', name: 'Croissant', price: 180, taxRateBps: 1000 };
const cart = cartReducer(cartReducer(cartReducer(EMPTY_CART, { type: 'add', product: espresso }), { type: 'add', product: espresso }), {
  type: 'add',
  product: croissant,
});
const at = (minutes: number) => new Date(Date.UTC(2026, 10, 30, 9, minutes));

const databases: TillDatabase[] = [];
function newTill(): TillDatabase {
  const db = new TillDatabase(uniqueTerminalId('parked'));
  databases.push(db);
  return db;
}
afterEach(async () => {
  for (const db of databases.splice(0)) await db.delete();
});

describe('parked carts', () => {
  test('when a cart is parked and the till restarts, then it is resumed as it was, once', async () => {
    const terminalDb = newTill();
    const parked = await parkCart(terminalDb, cart, { now: at(0) });
    terminalDb.close();

    // A restart: a new connection to the same database.
    const db = new TillDatabase(terminalDb.name.replace(/^till-/, ''));
    databases.push(db);
    expect((await listParkedCarts(db)).map((p) => p.id)).toEqual([parked.id]);
    expect(await resumeParkedCart(db, parked.id, at(5))).toEqual({ kind: 'resumed', cart });
    expect(await listParkedCarts(db)).toEqual([]);
    expect(await resumeParkedCart(db, parked.id, at(6))).toEqual({ kind: 'gone' });
  });

  test('when an empty cart is parked, then it is refused and nothing is kept', async () => {
    const db = newTill();
    await expect(parkCart(db, EMPTY_CART)).rejects.toBeInstanceOf(EmptyCartNotParked);
    expect(await listParkedCarts(db)).toEqual([]);
  });

  test("when the store's expiry passes, then expiring drops exactly the expired carts and names them", async () => {
    const db = newTill();
    await putMeta(db, 'parkedCartExpiryMinutes', 30);
    const old = await parkCart(db, cart, { now: at(0) });
    const recent = await parkCart(db, cart, { now: at(20) });
    expect(await expireParkedCarts(db, at(29))).toEqual([]);
    expect((await expireParkedCarts(db, at(30))).map((p) => p.id)).toEqual([old.id]);
    expect((await listParkedCarts(db)).map((p) => p.id)).toEqual([recent.id]);
  });

  test('when an expired cart is resumed before it was swept, then it is gone with an expired answer', async () => {
    const db = newTill();
    // No store setting learned yet: the default (120 minutes).
    const parked = await parkCart(db, cart, { now: at(0) });
    expect((await resumeParkedCart(db, parked.id, at(120))).kind).toBe('expired');
    expect(await listParkedCarts(db)).toEqual([]);
  });

  test('when several carts are parked, then they are listed oldest first', async () => {
    const db = newTill();
    const second = await parkCart(db, cart, { now: at(10) });
    const first = await parkCart(db, cart, { now: at(1) });
    expect((await listParkedCarts(db)).map((p) => p.id)).toEqual([first.id, second.id]);
  });
});
