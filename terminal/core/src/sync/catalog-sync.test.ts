/// <reference types="node" />
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { InventoryClient } from '../api/inventory-client.ts';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { product, startInventory } from '../testing/scripted-inventory.ts';
import { CatalogSync } from './catalog-sync.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('CatalogSync', () => {
  it('when the delta spans pages with updates and tombstones, then the local copy, cursor and price list match the server', async () => {
    const inventory = await startInventory({
      '': {
        products: [product('a', 'Espresso', 1), product('b', 'Green Tea', 2)],
        deleted: [],
        cursor: '2',
        hasMore: true,
        nextCursor: 'opaque-page-2',
        priceListVersion: 3,
      },
      '2': { products: [product('c', 'Croissant', 3)], deleted: [], cursor: '3', hasMore: false, nextCursor: null, priceListVersion: 3 },
      '3': {
        products: [product('a', 'Espresso', 4, 4)],
        deleted: ['b'],
        cursor: '5',
        hasMore: false,
        nextCursor: null,
        priceListVersion: 4,
      },
      '5': { products: [], deleted: [], cursor: '5', hasMore: false, nextCursor: null, priceListVersion: 4 },
    });
    const db = new TillDatabase(uniqueTerminalId('catalog'));
    cleanup = async () => {
      db.close();
      await inventory.close();
    };
    const sync = new CatalogSync({ db, inventory: new InventoryClient(new HttpClient({ baseUrl: inventory.url, token: 'till-token' })) });

    await sync.syncNow();
    expect((await db.products.orderBy('id').toArray()).map((p) => p.id)).toEqual(['a', 'b', 'c']);
    expect(await getMeta(db, 'catalogCursor')).toBe('3');
    expect(await db.products.where('words').startsWith('gre').primaryKeys()).toEqual(['b']);

    await sync.syncNow();
    const stored = await db.products.orderBy('id').toArray();
    expect(stored.map((p) => [p.id, p.available])).toEqual([
      ['a', 4],
      ['c', 5],
    ]);
    expect(await getMeta(db, 'catalogCursor')).toBe('5');
    expect(await getMeta(db, 'priceListVersion')).toBe(4);
    expect(await getMeta(db, 'catalogSyncedAt')).toBeTypeOf('string');
    expect(inventory.requests).toEqual(['', '2', '3']);
    expect(sync.getSnapshot().lastFailure).toBeNull();
    expect(sync.getSnapshot().refreshedFrom).toBeTypeOf('number');
  });

  it('when Inventory is unreachable, then the cached catalogue stays and the error is reported', async () => {
    const inventory = await startInventory({
      '': { products: [product('a', 'Espresso', 1)], deleted: [], cursor: '1', hasMore: false, nextCursor: null, priceListVersion: 1 },
    });
    const db = new TillDatabase(uniqueTerminalId('catalog'));
    const sync = new CatalogSync({ db, inventory: new InventoryClient(new HttpClient({ baseUrl: inventory.url, token: 'till-token' })) });
    await sync.syncNow();
    const refreshedFrom = sync.getSnapshot().refreshedFrom;
    await inventory.close();
    cleanup = async () => db.close();

    await sync.syncNow();
    expect(sync.getSnapshot().lastFailure?.kind).toBe('network');
    // A failed refresh does not claim the copy is any newer.
    expect(sync.getSnapshot().refreshedFrom).toBe(refreshedFrom);
    expect(await db.products.count()).toBe(1);
  });
});
