/**
 * Issue 17 (7, 8; G7): a manager of one store sees nothing of another. A second store is created
 * through the operator API; its manager signs in to the console and finds no till, no order, no
 * exception and no sales of the demo store — searching a demo-store order by its id finds nothing —
 * while the demo store's manager sees that order. A till's token cannot sign in.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { ConsolePage } from '../pages/console-page.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a manager of another store signs in, then the console shows nothing of this store', async ({ browser, page, stack }) => {
  test.setTimeout(120_000);
  const tillContext = await browser.newContext();
  const till = await TillPage.open(await tillContext.newPage(), stack.urls.till);
  await till.search('p-espresso');
  await till.addProduct('p-espresso');
  await till.payCash(10_000);
  await till.waitForLastOrderStatus('confirmed');
  const orderId = (await till.lastOrderId())!;

  const created = await fetch(`${stack.urls['pos-core']}/v1/stores`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${stack.tokens.operator}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Harbour Street', currency: 'EUR' }),
  });
  expect(created.status).toBe(201);
  const { managerToken } = (await created.json()) as { managerToken: string };

  // A till's token is no manager's.
  await page.goto(stack.urls.console);
  await page.getByTestId('sign-in-token').fill(stack.tokens.terminal);
  await page.getByTestId('sign-in').click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('This is not a store manager’s token.');

  const other = await ConsolePage.signIn(page, stack.urls.console, managerToken);
  await expect(page.getByTestId('health-summary')).toHaveText('No till has synced with this store yet.');
  await expect(other.tillRow(DEMO_TERMINAL_ID)).toHaveCount(0);
  await other.open('orders');
  await expect(page.getByText('No orders match.')).toBeVisible();
  await expect(page.getByTestId('order-row')).toHaveCount(0);
  await page.getByTestId('order-search').fill(orderId);
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByTestId('timeline-error')).toHaveText(`No order ${orderId} in this store.`);
  await other.open('exceptions');
  await expect(page.getByTestId('attention-empty')).toBeVisible();
  await expect(page.getByTestId('discrepancy')).toHaveCount(0);
  await other.open('reports');
  await expect(page.getByTestId('report-total')).toHaveAttribute('data-total', '0');
  await page.getByTestId('sign-out').click();

  // The demo store's manager, in the same browser after signing out, finds the order.
  const demo = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
  await expect(demo.tillRow(DEMO_TERMINAL_ID)).toBeVisible();
  await demo.open('orders');
  await page.getByTestId('order-search').fill(orderId);
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByTestId('order-timeline').getByTestId('timeline-status')).toHaveText('confirmed');
  await tillContext.close();
});
