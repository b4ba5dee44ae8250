/**
 * Issue 16, point 4: a receipt emailed for real. The cashier types the customer's email with a cash
 * sale; once POS Core confirms it, the notification service sends one receipt over SMTP to the local
 * mail server, which shows it in its web inbox.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a sale with the customer email gets exactly one emailed receipt, readable in the dev inbox', async ({ page, context, stack }) => {
  const till = await TillPage.open(page, stack.urls.till);
  await till.waitForOnlineState('online');
  await till.search('espresso');
  await till.addProduct('p-espresso');
  await till.enterReceiptEmail('guest@example.com');
  await till.payCash(10_000);
  await till.waitForLastOrderStatus('confirmed');
  const orderId = await till.lastOrderId();

  await expect.poll(() => stack.mail.messages().filter((m) => m.to.includes('guest@example.com')).length, { timeout: 30_000 }).toBe(1);
  const receipt = stack.mail.messages().find((m) => m.to.includes('guest@example.com'));
  expect(receipt?.text).toContain('1 × Espresso');
  expect(receipt?.text).toContain(orderId ?? 'no order id');

  const inbox = await context.newPage();
  await inbox.goto(`http://127.0.0.1:${stack.mail.httpPort}/`);
  await expect(inbox.getByRole('heading', { name: /^Your receipt \(demo-till-1 #\d+\)$/ })).toBeVisible();
});
