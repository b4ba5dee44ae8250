/**
 * Issue 17 (4): catalogue and stock from the manager's console. A product of its own (created through
 * Inventory's API) is found by search; its price is edited and stock received in the console, and
 * Inventory answers the new price and on-hand stock; the console shows on hand, reserved, available.
 */
import { ConsolePage } from '../pages/console-page.ts';
import { expect, test } from '../support/fixtures.ts';

const ID = 'p-console-jam';

test('when the manager edits a price and receives stock in the console, then Inventory has them', async ({ page, api, stack }) => {
  test.setTimeout(90_000);
  const created = await fetch(`${stack.urls.inventory}/v1/products`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.tokens.manager}`, 'Content-Type': 'application/json', 'Idempotency-Key': `create-${ID}` },
    body: JSON.stringify({
      id: ID,
      sku: 'JAM-1',
      barcode: '4006381333931',
      name: 'Apricot jam',
      category: 'pantry',
      price: 450,
      taxRateBps: 700,
    }),
  });
  expect([200, 201]).toContain(created.status);

  const manager = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
  await manager.open('catalogue');
  await page.getByTestId('catalogue-search').fill('apricot');
  const row = page.locator(`[data-testid="catalogue-row"][data-product-id="${ID}"]`);
  await expect(row.getByTestId('catalogue-price')).toHaveText('€4.50');
  const before = await api.product(ID);
  await expect(row.getByTestId('catalogue-on-hand')).toHaveText(String(before.onHand));
  await expect(row.getByTestId('catalogue-reserved')).toHaveText(String(before.reserved));
  await expect(row.getByTestId('catalogue-available')).toHaveText(String(before.available));

  await row.click();
  const editor = page.getByTestId('product-editor');
  await editor.getByTestId('edit-price').fill('4.95');
  await editor.getByTestId('edit-save').click();
  await expect(row.getByTestId('catalogue-price')).toHaveText('€4.95');
  expect((await api.product(ID)).price).toBe(495);

  await editor.getByTestId('receive-quantity').fill('12');
  await editor.getByTestId('receive-stock').click();
  await expect(editor.getByTestId('receive-result')).toHaveText(`On hand now ${before.onHand + 12}`);
  await expect(row.getByTestId('catalogue-on-hand')).toHaveText(String(before.onHand + 12));
  expect((await api.product(ID)).onHand).toBe(before.onHand + 12);

  await editor.getByTestId('edit-price').fill('4.9.5');
  await editor.getByTestId('edit-save').click();
  await expect(editor.getByText('The price must be an amount like 2.50.')).toBeVisible();
  expect((await api.product(ID)).price).toBe(495);
});
