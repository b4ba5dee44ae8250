/**
 * Issue 18, items 5 and 7: a sale printed to the (virtual) network ESC/POS printer. The browser till
 * sends the receipt's bytes through its server's relay to the configured printer (a TCP listener of
 * the test stack); the bytes, read back as text, carry the sale's lines, total, status and the order
 * number as a QR code. A reprint from the Orders screen is marked COPY.
 */
import { escPosText } from '@pos/till-core/testing/escpos-text';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a sale is printed, then the network printer receives its receipt; a reprint is a COPY', async ({ page, stack, api }) => {
  const till = await TillPage.open(page, stack.urls.till);
  const productId = 'p-espresso';
  const product = await api.product(productId);

  await till.addProduct(productId);
  await till.addProduct(productId);
  await till.payCash(2 * product.price + 1_000);
  await till.waitForLastOrderStatus('confirmed');
  const orderId = await till.lastOrderId();
  expect(orderId).not.toBeNull();

  const jobsBefore = stack.printer.jobs.length;
  await till.printReceipt().click();
  const printed = escPosText(await stack.printer.job(jobsBefore));
  const text = printed.lines.map((l) => l.trim());
  const amount = (minor: number) => (minor / 100).toFixed(2);

  expect(text).toContain('Receipt');
  expect(text).not.toContain('COPY');
  const productLine = printed.lines.find((l) => l.startsWith(product.name));
  expect(productLine).toMatch(new RegExp(`${amount(2 * product.price).replace('.', '\\.')}$`));
  expect(text).toContain(`2 ? ?${amount(product.price)}`);
  expect(printed.lines.find((l) => l.startsWith('Total'))).toMatch(new RegExp(`${amount(2 * product.price).replace('.', '\\.')}$`));
  expect(text.some((l) => l.startsWith(`Cash ?${amount(2 * product.price + 1_000)}`) && l.endsWith(`change ?${amount(1_000)}`))).toBe(true);
  expect(text).toContain('Status: confirmed');
  expect(text).toContain(`Order ${orderId}`);
  expect(printed.qrCodes).toEqual([orderId]);
  expect(printed.cuts).toBe(1);
  await expect(page.getByText('Printing was cancelled or failed.')).toHaveCount(0);

  // The reprint, from the Orders screen.
  await till.openOrders();
  await till.orderRow(orderId!).getByTestId('order-receipt').click();
  const copy = escPosText(await stack.printer.job(jobsBefore + 1));
  expect(copy.lines.map((l) => l.trim())).toContain('COPY');
  expect(copy.qrCodes).toEqual([orderId]);
  expect(copy.lines.filter((l) => !l.includes('COPY'))).toEqual(printed.lines);
});
