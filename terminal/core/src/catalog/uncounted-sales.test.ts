/// <reference types="node" />
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { InventoryClient } from '../api/inventory-client.ts';
import { TillDatabase } from '../db/till-database.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { CatalogSync } from '../sync/catalog-sync.ts';
import { oneItemCart, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { product, startInventory } from '../testing/scripted-inventory.ts';
import { waitFor } from '../testing/wait-for.ts';
import { localAvailable, UncountedSales } from './uncounted-sales.ts';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('UncountedSales', () => {
  it('when a sale is made here, then its units are taken off the stock until a catalogue refresh after the server answered counts them — never twice', async () => {
    const empty = (cursor: string) => ({ products: [], deleted: [], cursor, nextCursor: null, hasMore: false, priceListVersion: 1 });
    const pages = {
      '': {
        products: [product('p-1', 'Espresso', 1, 10)],
        deleted: [],
        cursor: '1',
        nextCursor: null,
        hasMore: false,
        priceListVersion: 1,
      },
      '1': empty('1'),
    };
    const inventory = await startInventory(pages);
    const terminalId = uniqueTerminalId('uncounted');
    const db = new TillDatabase(terminalId);
    await db.open();
    const catalogSync = new CatalogSync({
      db,
      inventory: new InventoryClient(new HttpClient({ baseUrl: inventory.url, token: 'till-token' })),
    });
    await catalogSync.syncNow();
    const uncounted = new UncountedSales({ db, catalogSync });
    uncounted.start();
    cleanup = async () => {
      uncounted.stop();
      db.close();
      await inventory.close();
    };
    const shown = async () => localAvailable((await db.products.get('p-1'))!, uncounted.getSnapshot());
    expect(await shown()).toBe(10);

    const sale = await recordCash(db, terminalId, oneItemCart(250, 2));
    await waitFor(async () => (await shown()) === 8, 'the queued sale taken off');

    // A refresh while the server does not have the sale: the server's stock is unchanged, the sale still counts.
    await catalogSync.syncNow();
    expect(await shown()).toBe(8);

    // The server took it; the catalogue copy is from before: still taken off here.
    await settleSale(db, sale.id, { status: 'confirmed', failure: null });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await shown()).toBe(8);

    // Inventory now counts it, and a refresh reads that: the sale is not taken off a second time.
    Object.assign(pages, { '1': { ...empty('2'), products: [product('p-1', 'Espresso', 2, 8)] }, '2': empty('2') });
    await catalogSync.syncNow();
    await waitFor(async () => uncounted.getSnapshot().size === 0, 'the counted sale forgotten');
    expect(await shown()).toBe(8);
  });
});
