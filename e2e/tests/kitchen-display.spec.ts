/**
 * Issue 16, point 3: the kitchen display in Chromium. A café sale made on the till becomes a ticket
 * on the display (live, no reload) with its age; the Bump button (a large touch target) takes it off
 * the board, and "Recall last bumped" brings it back.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a café sale appears on the kitchen display live, is bumped and recalled', async ({ page, context, stack }) => {
  const display = await context.newPage();
  await display.goto(`${stack.urls.kitchen}/#token=${stack.tokens.manager}`);
  await expect(display.locator('#status')).toHaveText('Live');
  // The token left the address bar once read, and the sign-in form is not shown.
  expect(display.url()).not.toContain('token');
  await expect(display.locator('#sign-in')).toBeHidden();

  const till = await TillPage.open(page, stack.urls.till);
  await till.waitForOnlineState('online');
  await till.search('toastie');
  await till.addProduct('p-toastie');
  await till.search('iced latte');
  await till.addProduct('p-iced-latte');
  await till.payCash(10_000);
  await till.waitForLastOrderStatus('confirmed');
  const orderId = await till.lastOrderId();

  const ticket = display.locator(`[data-testid="ticket"][data-order-id="${orderId}"]`);
  await expect(ticket).toBeVisible();
  await expect(ticket).toContainText('1 × Ham & Cheese Toastie');
  await expect(ticket).toContainText('1 × Iced Latte');
  await expect(ticket.locator('.age')).toHaveText(/^\d+:\d\d$/);

  const bump = ticket.getByRole('button', { name: /^Bump ticket/ });
  const box = await bump.boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(64);
  await bump.click();
  await expect(ticket).toHaveCount(0);

  const recall = display.getByRole('button', { name: /^Recall last bumped \(#\d+\)$/ });
  await expect(recall).toBeEnabled();
  await recall.click();
  await expect(display.locator(`[data-testid="ticket"][data-order-id="${orderId}"]`)).toBeVisible();
});
