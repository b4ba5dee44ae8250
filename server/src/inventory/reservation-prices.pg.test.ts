/**
 * Reservation answers carry each line's catalogue price and tax rate, as they stood when the stock
 * was first reserved (shared/src/reservation.ts, reservationLine): POS Core records them against the
 * till's prices.
 */
import { uuidv7 } from '@pos/shared/ids';
import { reservation as reservationSchema } from '@pos/shared/reservation';
import { settleBatchAnswer } from '@pos/shared/reservation-batch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';

let inv: TestInventory;
beforeAll(async () => {
  inv = await startTestInventory();
});
afterAll(() => inv.stop());

type Line = { productId: string; quantity: number };
const linesOf = (lines: Line[]) => lines.map((l, i) => ({ lineNo: i + 1, ...l }));
const reserve = (orderId: string, mode: 'strict' | 'force', lines: Line[]) =>
  inv.call('POST', '/v1/reservations', { as: 'service', key: `${orderId}:reserve`, body: { orderId, mode, lines: linesOf(lines) } });
const settle = (orders: { orderId: string; mode: 'strict' | 'force'; lines: Line[] }[]) =>
  inv.call('POST', '/v1/reservations/batch', {
    as: 'service',
    key: `settle:${uuidv7()}`,
    body: { orders: orders.map((o) => ({ ...o, lines: linesOf(o.lines) })) },
  });

let made = 0;
const productBody = (id: string, price: number, taxRateBps: number) => ({
  id,
  sku: `PR-${id}`,
  barcode: `29200000${id.slice(-5)}`,
  name: id,
  category: 'test',
  price,
  taxRateBps,
});
async function upsertProduct(id: string, price: number, taxRateBps: number): Promise<void> {
  const res = await inv.call('POST', '/v1/products', {
    as: 'manager',
    key: `upsert-${id}-${price}`,
    body: productBody(id, price, taxRateBps),
  });
  expect([200, 201]).toContain(res.status);
}
/** A product of its own for one test, priced `price`, with plenty of stock. */
async function freshProduct(price: number, taxRateBps = 1900): Promise<string> {
  const id = `price-prod-${String(++made).padStart(5, '0')}`;
  await upsertProduct(id, price, taxRateBps);
  const receipt = { productId: id, kind: 'receipt', quantity: 100, reason: 'opening' };
  expect((await inv.call('POST', '/v1/stock/movements', { as: 'manager', key: `receipt-${id}`, body: receipt })).status).toBe(201);
  return id;
}

describe('reservation prices', () => {
  it('when stock is reserved, then each line carries its product’s catalogue price and tax rate, and an unknown product carries null', async () => {
    const coffee = await freshProduct(320, 1900);
    const orderId = uuidv7();
    const res = await reserve(orderId, 'force', [
      { productId: coffee, quantity: 2 },
      { productId: 'no-such-product', quantity: 1 },
    ]);
    expect(res.status).toBe(201);
    expect(reservationSchema.parse(res.body.reservation).lines).toEqual([
      { lineNo: 1, productId: coffee, quantity: 2, price: 320, taxRateBps: 1900 },
      { lineNo: 2, productId: 'no-such-product', quantity: 1, price: null, taxRateBps: null },
    ]);
  });

  it('when the price changes after the reservation, then later answers for it still carry the price it was reserved at', async () => {
    const tea = await freshProduct(200, 700);
    const orderId = uuidv7();
    expect((await reserve(orderId, 'strict', [{ productId: tea, quantity: 1 }])).status).toBe(201);
    await upsertProduct(tea, 260, 1900);
    const reserved = { lineNo: 1, productId: tea, quantity: 1, price: 200, taxRateBps: 700 };
    const read = await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'service' });
    expect(read.body.reservation.lines).toEqual([reserved]);
    const committed = await inv.call('POST', `/v1/reservations/${orderId}/commit`, { as: 'service', key: `${orderId}:commit`, body: {} });
    expect(committed.body.reservation).toMatchObject({ status: 'committed', lines: [reserved] });
    const settled = settleBatchAnswer.parse((await settle([{ orderId, mode: 'strict', lines: [{ productId: tea, quantity: 1 }] }])).body);
    expect(settled.results).toEqual([{ orderId, status: 'committed', mode: 'strict', lines: [reserved], shortages: [] }]);
  });

  it('when a batch settles new orders, then each result carries its lines with the current catalogue prices', async () => {
    const bun = await freshProduct(150, 700);
    await upsertProduct(bun, 175, 700);
    const fits = uuidv7();
    const short = uuidv7();
    const res = await settle([
      { orderId: fits, mode: 'force', lines: [{ productId: bun, quantity: 3 }] },
      { orderId: short, mode: 'strict', lines: [{ productId: bun, quantity: 1_000 }] },
    ]);
    expect(res.status).toBe(200);
    const results = settleBatchAnswer.parse(res.body).results;
    expect(results.map((r) => [r.orderId, r.status, r.lines])).toEqual([
      [fits, 'committed', [{ lineNo: 1, productId: bun, quantity: 3, price: 175, taxRateBps: 700 }]],
      [short, 'rejected', [{ lineNo: 1, productId: bun, quantity: 1_000, price: 175, taxRateBps: 700 }]],
    ]);
  });
});
