/**
 * For tests: creates a product of its own in a test Inventory (as the store's manager) with `stock`
 * received, and returns its id. The same `n` gives the same product (id, SKU, barcode) in any Inventory.
 */
import { expect } from 'vitest';
import type { TestInventory } from './start-test-inventory.ts';

export async function createStockedProduct(inv: TestInventory, prefix: string, n: number, stock: number): Promise<string> {
  const id = `${prefix}-${n}`;
  const body = {
    id,
    sku: `${prefix.toUpperCase()}-${n}`,
    barcode: `29200000${String(n).padStart(5, '0')}`,
    name: id,
    category: 'test',
    price: 500,
    taxRateBps: 1900,
  };
  expect((await inv.call('POST', '/v1/products', { as: 'manager', key: `create-${id}`, body })).status).toBe(201);
  if (stock > 0) {
    const receipt = { productId: id, kind: 'receipt', quantity: stock, reason: 'opening' };
    expect((await inv.call('POST', '/v1/stock/movements', { as: 'manager', key: `receipt-${id}`, body: receipt })).status).toBe(201);
  }
  return id;
}
