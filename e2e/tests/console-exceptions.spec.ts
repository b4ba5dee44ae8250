/**
 * Issue 17 (3, 8): a sale that needs attention is resolved from the manager's console. With Inventory
 * down, a cash sale stays pending (its saga keeps failing to reserve): after a few attempts the console
 * lists it as stuck. The manager cancels and compensates it there; once Inventory is back the order
 * ends cancelled, leaves the list, the till shows it cancelled, and the order's timeline says which
 * manager did it.
 */

import { ConsolePage } from '../pages/console-page.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a sale is stuck, then the manager cancels and compensates it from the console and it ends cancelled', async ({
  browser,
  page,
  api,
  stack,
}) => {
  test.setTimeout(180_000);
  const tillContext = await browser.newContext();
  const till = await TillPage.open(await tillContext.newPage(), stack.urls.till);
  const manager = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
  await manager.open('exceptions');

  await stack.stopService('inventory');
  try {
    await till.search('p-espresso');
    await till.addProduct('p-espresso');
    await till.payCash(10_000);
    await till.waitForLastOrderStatus('pending');
    const orderId = (await till.lastOrderId())!;

    const item = manager.attentionItem(orderId);
    await expect(item).toHaveAttribute('data-kinds', /stuck/, { timeout: 60_000 });
    await expect(item.getByTestId('attention-status')).toHaveText('pending');
    await item.getByTestId('attention-cancel').click();
    // The cancel is recorded with who asked, while the compensation waits for Inventory.
    await expect
      .poll(async () => (await api.timeline(orderId))?.actions.map((a) => `${a.action} by ${a.by}`), { timeout: 30_000 })
      .toEqual(['cancel by demo-manager']);
  } finally {
    await stack.startService('inventory');
  }
  const orderId = (await till.lastOrderId())!;
  await expect.poll(async () => (await api.order(orderId))?.status, { timeout: 60_000 }).toBe('cancelled');
  await expect(manager.attentionItem(orderId)).toHaveCount(0, { timeout: 30_000 });
  await till.waitForLastOrderStatus('cancelled');

  await manager.open('orders');
  await page.getByTestId('order-search').fill(orderId);
  await page.getByRole('button', { name: 'Find' }).click();
  const timeline = page.getByTestId('order-timeline');
  await expect(timeline.getByTestId('timeline-status')).toHaveText('cancelled');
  await expect(timeline.getByTestId('timeline-correlation')).toHaveText(orderId);
  await expect(timeline.locator('[data-testid="timeline-action"][data-action="cancel"]')).toContainText('cancel by demo-manager');
  await expect(timeline.locator('[data-testid="timeline-event"][data-type="order.cancelled"]')).toHaveCount(1);
  await tillContext.close();
});
