/**
 * Issue 18, item 4: a parked cart is dropped once the store's `parkedCartExpiryMinutes` (default 120)
 * passed, and the cashier is told which one went. The page's clock is moved on (Playwright's clock),
 * not waited for.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a parked cart is kept past the store expiry, then it is dropped and the cashier is told', async ({ page, stack, api }) => {
  await page.clock.install();
  const till = await TillPage.open(page, stack.urls.till);
  const espresso = await api.product('p-espresso');

  await till.addProduct('p-espresso');
  await till.parkCart();
  await expect(till.parkedCarts()).toHaveCount(1);

  // Just before the expiry the cart is still there; once it passed, the next sweep (every 30 s) drops it.
  await page.clock.fastForward('01:59:00');
  await expect(till.parkedCarts()).toHaveCount(1);
  await page.clock.fastForward('01:30');
  await expect(till.parkedCarts()).toHaveCount(0);
  await expect(till.notice()).toContainText('A parked cart was kept too long and has been dropped: 1× ');
  await expect(till.notice()).toContainText(espresso.name);
});
