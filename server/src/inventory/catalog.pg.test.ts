import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { catalogDelta } from '@pos/shared/product';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Caller, startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';
import { recordCatalogChange } from './domain/catalog-change.ts';
import { DEMO_PRODUCTS, LIMITED_EDITION_MUG_ID } from './domain/demo-catalog.ts';
import { lockProducts } from './domain/product-row.ts';

let inv: TestInventory;
beforeAll(async () => {
  inv = await startTestInventory();
});
afterAll(() => inv.stop());

let keys = 0;
const key = () => `test-key-${++keys}`;
const product = (id: string, price = 100) => ({
  id,
  sku: `SKU-${id}`,
  barcode: `2000000${String(100000 + keys).slice(-6)}`,
  name: `Product ${id}`,
  category: 'test',
  price,
  taxRateBps: 700,
});
const upsert = (as: Caller, body: ReturnType<typeof product>) => inv.call('POST', '/v1/products', { as, key: key(), body });
const delta = async (as: Caller, query: string) => {
  const answer = await inv.call('GET', `/v1/products${query}`, { as });
  expect(answer.status).toBe(200);
  return catalogDelta.parse(answer.body);
};

describe('catalogue', () => {
  it('when a till syncs the demo store from scratch, then it gets every product with stock and the price-list version', async () => {
    const page = await delta('terminal', '?since=0');
    expect(page.products).toHaveLength(DEMO_PRODUCTS.length);
    expect(new Set(page.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(5);
    const mug = page.products.find((p) => p.id === LIMITED_EDITION_MUG_ID);
    expect(mug).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
    expect(page).toMatchObject({ deleted: [], hasMore: false, priceListVersion: 1 });
  });

  it('when one change touched more products than a page holds, then the page holds all of them rather than split it', async () => {
    const page = await delta('service', '?since=0&limit=5');
    expect(page.products).toHaveLength(DEMO_PRODUCTS.length);
    expect(page.hasMore).toBe(false);
  });

  it('when a client pages with the cursor, then it sees every change once, tombstones, and price-list bumps for price changes only', async () => {
    for (const id of ['a', 'b', 'c', 'd', 'e']) expect((await upsert('otherManager', product(`x-${id}`))).status).toBe(201);

    const first = await delta('otherManager', '?limit=2');
    const second = await delta('otherManager', `?since=${first.cursor}&limit=2`);
    const third = await delta('otherManager', `?since=${second.cursor}&limit=2`);
    expect([first, second, third].map((p) => p.products.map((x) => x.id))).toEqual([['x-a', 'x-b'], ['x-c', 'x-d'], ['x-e']]);
    expect([first.hasMore, second.hasMore, third.hasMore]).toEqual([true, true, false]);
    expect(third.priceListVersion).toBe(5);

    expect((await inv.call('DELETE', '/v1/products/x-b', { as: 'otherManager', key: key() })).status).toBe(200);
    expect((await upsert('otherManager', { ...product('x-a'), name: 'Renamed' })).status).toBe(200);
    expect((await upsert('otherManager', product('x-c', 250))).status).toBe(200);
    const receipt = await inv.call('POST', '/v1/stock/movements', {
      as: 'otherManager',
      key: key(),
      body: { productId: 'x-d', kind: 'receipt', quantity: 7, reason: 'delivery' },
    });
    expect(receipt.status).toBe(201);

    const changes = await delta('otherManager', `?since=${third.cursor}`);
    expect(changes.products.map((p) => p.id)).toEqual(['x-a', 'x-c', 'x-d']);
    expect(changes.deleted).toEqual(['x-b']);
    expect(changes.products.find((p) => p.id === 'x-d')).toMatchObject({ onHand: 7, available: 7 });
    expect(changes.priceListVersion).toBe(6);
    expect(await delta('otherManager', `?since=${changes.cursor}`)).toMatchObject({
      products: [],
      deleted: [],
      cursor: changes.cursor,
      hasMore: false,
    });
    expect((await inv.call('GET', '/v1/products/x-b', { as: 'otherManager' })).status).toBe(404);
  });

  it('when a later change waits for an earlier uncommitted one, then the cursor shows neither until both commit, in commit order', async () => {
    const before = await delta('manager', `?since=0`);
    const tx = await inv.db.pool.connect();
    try {
      await tx.query('BEGIN');
      await lockProducts(tx, DEMO_TENANT_ID, ['p-espresso']);
      await tx.query("UPDATE products SET on_hand = on_hand + 1 WHERE tenant_id = $1 AND id = 'p-espresso'", [DEMO_TENANT_ID]);
      await recordCatalogChange(tx, { tenantId: DEMO_TENANT_ID, productIds: ['p-espresso'], event: 'stock.changed' });

      const later = inv.call('POST', '/v1/stock/movements', {
        as: 'manager',
        key: key(),
        body: { productId: 'p-croissant', kind: 'receipt', quantity: 1, reason: 'delivery' },
      });
      await vi.waitFor(async () => {
        const waiting = await inv.db.pool.query(
          "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()",
        );
        expect(waiting.rowCount).toBeGreaterThan(0);
      });
      expect((await delta('manager', `?since=${before.cursor}`)).products).toEqual([]);

      await tx.query('COMMIT');
      expect((await later).status).toBe(201);
    } finally {
      tx.release();
    }
    const after = await delta('manager', `?since=${before.cursor}`);
    expect(after.products.map((p) => p.id)).toEqual(['p-espresso', 'p-croissant']);
    expect(after.products[0]!.version).toBeLessThan(after.products[1]!.version);
  });

  it("when a store asks for another store's product, then 404", async () => {
    expect((await inv.call('GET', '/v1/products/p-espresso', { as: 'otherManager' })).status).toBe(404);
    expect((await inv.call('GET', '/v1/products/p-espresso', { as: 'service', tenant: 'other-store' })).status).toBe(404);
    const mine = await inv.call('GET', '/v1/products/p-espresso', { as: 'terminal' });
    expect(mine.status).toBe(200);
    expect(mine.body.product).toMatchObject({
      id: 'p-espresso',
      sku: 'COF-001',
      available: mine.body.product.onHand - mine.body.product.reserved,
    });
  });

  it('when the query is malformed or names unknown parameters, then 400 problem+json with field errors', async () => {
    for (const query of ['?since=abc', '?limit=0', '?limit=5000', '?page=2', '?since=99999999999999999999']) {
      const answer = await inv.call('GET', `/v1/products${query}`, { as: 'terminal' });
      expect(answer.status, query).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors.length, query).toBeGreaterThan(0);
    }
  });

  it('when a terminal tries to change the catalogue, then 403 and nothing changes', async () => {
    const answer = await upsert('terminal', product('p-espresso', 1));
    expect(answer.status).toBe(403);
    expect((await inv.call('GET', '/v1/products/p-espresso', { as: 'terminal' })).body.product.price).toBe(250);
  });

  it('when an upsert reuses another product’s SKU, then 409 and nothing changes', async () => {
    const answer = await upsert('manager', { ...product('p-new-thing'), sku: 'COF-001' });
    expect(answer.status).toBe(409);
    expect((await inv.call('GET', '/v1/products/p-new-thing', { as: 'manager' })).status).toBe(404);
  });
});
