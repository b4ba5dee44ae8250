/**
 * Issue 2, point 6: one sale end to end through the UI. The till loads the catalogue from
 * Inventory, the cashier adds a product, pays cash and sees the change due; the order goes to
 * POS Core, which reserves and commits the stock in Inventory; the till shows the order confirmed
 * and the product's stock one lower.
 */

import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a cash sale made at the till is confirmed and takes one unit off the stock', async ({ page, stack, api }) => {
  const till = await TillPage.open(page, stack.urls.till);

  const productId = 'p-espresso';
  const before = await api.product(productId);
  // The worker's stack is shared by the spec files: count what was already confirmed.
  const confirmedBefore = (await api.ordersOfTerminal('demo-till-1')).filter((o) => o.status === 'confirmed').length;
  await expect.poll(() => till.stockOf(productId)).toBe(before.available);

  await till.search('espresso');
  await till.addProduct(productId);
  await till.payCash(before.price + 1_000);
  expect(await till.changeDue()).toContain((1_000 / 100).toFixed(2));

  await expect.poll(() => till.lastOrderStatus(), { timeout: 30_000 }).toBe('confirmed');
  await expect.poll(() => till.stockOf(productId), { timeout: 30_000 }).toBe(before.available - 1);

  const after = await api.product(productId);
  expect(after.onHand).toBe(before.onHand - 1);
  expect(after.reserved).toBe(before.reserved);
  const orders = await api.ordersOfTerminal('demo-till-1');
  expect(orders.filter((o) => o.status === 'confirmed')).toHaveLength(confirmedBefore + 1);
});
