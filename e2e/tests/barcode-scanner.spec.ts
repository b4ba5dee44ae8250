/**
 * Issue 18, items 6 and 7: a keyboard-wedge scanner works wherever the focus is. Its fast key events
 * and Enter are recognised as a scan even with the focus in the search or the email field: the product
 * is added, the field keeps only what the cashier typed, an unknown code is named plainly, a receipt's
 * order number is recognised as one, and a person's slower typing is left alone.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a barcode is scanned with the focus in another field, then its product is added and the field keeps what was typed', async ({
  page,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  const espresso = await api.product('p-espresso');
  const croissant = await api.product('p-croissant');

  // The focus in the search field, with something the cashier typed there (at a person's pace).
  const search = till.searchInput();
  await search.click();
  await search.pressSequentially('zz', { delay: 150 });
  await till.wedgeScan(espresso.barcode);
  await expect(till.cartLines()).toHaveCount(1);
  await expect(till.cartLines().first()).toHaveAttribute('data-product-id', espresso.id);
  await expect(search).toHaveValue('zz');
  await expect(search).toBeFocused();

  // The focus in the receipt email field: a second scan of another product.
  const email = page.getByTestId('receipt-email');
  await email.click();
  await email.pressSequentially('ana@', { delay: 150 });
  await till.wedgeScan(croissant.barcode);
  await expect(till.cartLines()).toHaveCount(2);
  await expect(till.cartLines().nth(1)).toHaveAttribute('data-product-id', croissant.id);
  await expect(email).toHaveValue('ana@');

  // An unknown code is said plainly and adds nothing.
  await till.wedgeScan('2999999999999');
  await expect(till.notice()).toHaveText('No product with barcode 2999999999999.');
  await expect(till.cartLines()).toHaveCount(2);
  await expect(email).toHaveValue('ana@');

  // A receipt's order number (its QR code) is recognised as one, not looked up as a product.
  const orderId = '019ad0c2-6c1e-7b3a-9f10-2b3c4d5e6f70';
  await till.wedgeScan(orderId);
  await expect(till.notice()).toContainText(`order number of a receipt (${orderId})`);
  await expect(till.cartLines()).toHaveCount(2);

  // A person typing a barcode into the search field at a person's pace is not a scan: it stays typed.
  await search.click();
  await search.fill('');
  await search.pressSequentially(croissant.barcode, { delay: 120 });
  await expect(search).toHaveValue(croissant.barcode);
  await expect(till.cartLines().nth(1).getByTestId('cart-line-quantity')).toHaveText('1');
});
