/**
 * Batch settlement (POST /v1/reservations/batch): reserve + commit of many orders in one
 * transaction, with the same outcome per order as reserve then commit, applied at most once.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { uuidv7 } from '@pos/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';
import { createStockedProduct } from '../testing/stocked-product.ts';

let inv: TestInventory;
beforeAll(async () => {
  inv = await startTestInventory();
});
afterAll(() => inv.stop());

type Line = { productId: string; quantity: number };
const order = (orderId: string, mode: 'strict' | 'force', lines: Line[]) => ({
  orderId,
  mode,
  lines: lines.map((l, i) => ({ lineNo: i + 1, ...l })),
});
const settle = (orders: ReturnType<typeof order>[], key = `settle:${uuidv7()}`) =>
  inv.call('POST', '/v1/reservations/batch', { as: 'service', key, body: { orders } });
const productOf = async (id: string) => (await inv.call('GET', `/v1/products/${id}`, { as: 'manager' })).body.product;
const reservationOf = async (id: string) => (await inv.call('GET', `/v1/reservations/${id}`, { as: 'service' })).body.reservation;

let made = 0;
const freshProduct = (stock: number) => createStockedProduct(inv, 'settle-prod', ++made, stock);

const catalogVersion = async () =>
  (await inv.db.pool.query<{ version: number }>(`SELECT version FROM catalog_versions WHERE tenant_id = $1`, [DEMO_TENANT_ID])).rows[0]
    ?.version ?? 0;

describe('batch settlement', () => {
  it('when 200 offline sales are settled in one call, then each leaves stock once, with one catalogue version for the batch', async () => {
    const a = await freshProduct(100);
    const b = await freshProduct(1_000);
    const orders = Array.from({ length: 200 }, () =>
      order(uuidv7(), 'force', [
        { productId: a, quantity: 1 },
        { productId: b, quantity: 2 },
      ]),
    );
    const before = await catalogVersion();
    const res = await settle(orders);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { orderId: string; status: string }) => [r.orderId, r.status])).toEqual(
      orders.map((o) => [o.orderId, 'committed']),
    );
    expect(await catalogVersion()).toBe(before + 1);
    expect(await productOf(a)).toMatchObject({ onHand: -100, reserved: 0 });
    expect(await productOf(b)).toMatchObject({ onHand: 600, reserved: 0 });
    const negative = await inv.db.pool.query(`SELECT 1 FROM discrepancies WHERE product_id = $1 AND kind = 'negative_stock'`, [a]);
    expect(negative.rowCount).toBe(100);

    // The same orders again, under another key (a retry after a crash): nothing changes.
    const again = await settle(orders);
    expect(again.body.results.every((r: { status: string }) => r.status === 'committed')).toBe(true);
    expect(await productOf(a)).toMatchObject({ onHand: -100 });
    const movements = await inv.db.pool.query(`SELECT 1 FROM stock_movements WHERE product_id = $1 AND kind = 'sale'`, [b]);
    expect(movements.rowCount).toBe(200);
  });

  it('when a batch mixes new, held, released and short orders, then each ends as reserve then commit would leave it', async () => {
    const p = await freshProduct(5);
    const held = uuidv7();
    const reserveHeld = { orderId: held, mode: 'strict', lines: [{ lineNo: 1, productId: p, quantity: 2 }] };
    expect((await inv.call('POST', '/v1/reservations', { as: 'service', key: `${held}:reserve`, body: reserveHeld })).status).toBe(201);
    const tombstone = uuidv7();
    expect(
      (await inv.call('POST', `/v1/reservations/${tombstone}/release`, { as: 'service', key: `${tombstone}:release`, body: {} })).status,
    ).toBe(200);
    // Orders are settled in order-id order (uuid v7: the older sale first), so `fits` takes the last 3 units.
    const [fits, short] = [uuidv7(), uuidv7()].sort() as [string, string];
    const res = await settle([
      order(fits, 'strict', [{ productId: p, quantity: 3 }]),
      order(held, 'strict', [{ productId: p, quantity: 2 }]),
      order(short, 'strict', [{ productId: p, quantity: 1 }]),
      order(tombstone, 'force', [{ productId: p, quantity: 1 }]),
    ]);
    expect(res.status).toBe(200);
    const statuses = Object.fromEntries(res.body.results.map((r: { orderId: string; status: string }) => [r.orderId, r.status]));
    expect(statuses).toEqual({ [fits]: 'committed', [held]: 'committed', [short]: 'rejected', [tombstone]: 'released' });
    expect(res.body.results.find((r: { orderId: string }) => r.orderId === short).shortages).toEqual([
      { productId: p, requested: 1, available: 0 },
    ]);
    expect(await productOf(p)).toMatchObject({ onHand: 0, reserved: 0, available: 0 });
    expect(await reservationOf(held)).toMatchObject({ status: 'committed' });
    expect(await reservationOf(tombstone)).toMatchObject({ status: 'released', lines: [] });
  });

  it('when the same key is replayed, then the stored answer comes back and nothing is applied again', async () => {
    const p = await freshProduct(10);
    const key = `settle:${uuidv7()}`;
    const orders = [order(uuidv7(), 'force', [{ productId: p, quantity: 4 }])];
    const first = await settle(orders, key);
    const replay = await settle(orders, key);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
    expect(await productOf(p)).toMatchObject({ onHand: 6 });
  });

  it('when an order appears twice or a till calls, then 400 / 403 and nothing changes', async () => {
    const id = uuidv7();
    const twice = await settle([
      order(id, 'force', [{ productId: 'x', quantity: 1 }]),
      order(id, 'force', [{ productId: 'x', quantity: 1 }]),
    ]);
    expect(twice.status).toBe(400);
    const asTill = await inv.call('POST', '/v1/reservations/batch', {
      as: 'terminal',
      key: `settle:${uuidv7()}`,
      body: { orders: [order(uuidv7(), 'force', [{ productId: 'x', quantity: 1 }])] },
    });
    expect(asTill.status).toBe(403);
    expect(await reservationOf(id)).toBeUndefined();
  });
});
