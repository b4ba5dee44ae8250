import type { CatalogDelta, Product } from '@pos/shared/product';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCatalogDelta } from '../db/apply-catalog-delta.ts';
import { resetTill } from '../db/reset-till.ts';
import { TillDatabase } from '../db/till-database.ts';
import { uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
import { ProductCatalog } from './product-catalog.ts';
import { searchProducts } from './search-products.ts';

const product = (id: string, name: string, version = 1): Product => ({
  id,
  sku: `SKU-${id}`,
  barcode: `400${id}`,
  name,
  category: 'drinks',
  price: 250,
  taxRateBps: 1000,
  onHand: 5,
  reserved: 0,
  available: 5,
  version,
});

const delta = (products: Product[], deleted: string[] = []): CatalogDelta => ({
  products,
  deleted,
  cursor: `c-${Math.random()}`,
  hasMore: false,
  nextCursor: null,
  priceListVersion: 1,
});

const open: TillDatabase[] = [];
const catalogs: ProductCatalog[] = [];
afterEach(() => {
  for (const c of catalogs.splice(0)) c.stop();
  for (const db of open.splice(0)) db.close();
});

async function openTill(terminalId: string): Promise<TillDatabase> {
  const db = new TillDatabase(terminalId);
  await db.open();
  open.push(db);
  return db;
}

const names = (catalog: ProductCatalog) => catalog.getSnapshot().entries.map((p) => p.name);

describe('ProductCatalog', () => {
  it('when delta pages are applied by this window or another, then the index shows the changed products in name order', async () => {
    const terminalId = uniqueTerminalId('catalog');
    const db = await openTill(terminalId);
    await applyCatalogDelta(db, delta([product('a', 'Espresso'), product('b', 'Croissant'), product('c', 'Mug')]));
    const catalog = new ProductCatalog(db);
    catalogs.push(catalog);
    catalog.start();
    await waitFor(() => catalog.loaded, 'catalogue loaded');
    expect(names(catalog)).toEqual(['Croissant', 'Espresso', 'Mug']);

    // Another window (its own connection) renames one, adds one and deletes one.
    const other = await openTill(terminalId);
    await applyCatalogDelta(other, delta([product('a', 'Americano', 2), product('d', 'Latte')], ['c']));
    await waitFor(() => names(catalog).join() === 'Americano,Croissant,Latte', 'the other window’s changes shown');
    expect(searchProducts(catalog.getSnapshot(), 'amer').map((p) => p.id)).toEqual(['a']);
    expect(searchProducts(catalog.getSnapshot(), 'mug')).toEqual([]);
    expect(catalog.getSnapshot().byId.get('a')?.version).toBe(2);
  });

  it('when the till is reset, then the catalogue empties', async () => {
    const db = await openTill(uniqueTerminalId('catalog-reset'));
    await applyCatalogDelta(db, delta([product('a', 'Espresso')]));
    const catalog = new ProductCatalog(db);
    catalogs.push(catalog);
    catalog.start();
    await waitFor(() => names(catalog).length === 1, 'catalogue loaded');
    await resetTill(db);
    await waitFor(() => names(catalog).length === 0, 'catalogue emptied');
    expect(searchProducts(catalog.getSnapshot(), 'esp')).toEqual([]);
  });
});
