/**
 * Issue 18, items 4 and 7: park → reload → resume. A parked cart is kept in the till's own database
 * (it survives a reload), holds no stock, and comes back exactly as it was while the next customer's
 * sale goes through in between.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when a cart is parked, the next customer served and the till reloaded, then the parked cart resumes as it was and sells', async ({
  page,
  stack,
  api,
}) => {
  const till = await TillPage.open(page, stack.urls.till);
  const espresso = await api.product('p-espresso');
  const croissant = await api.product('p-croissant');

  // Customer 1: two espressos and a croissant, then parked.
  await till.addProduct('p-espresso');
  await till.addProduct('p-espresso');
  await till.addProduct('p-croissant');
  const parkedTotal = await till.cartTotal();
  await till.parkCart();
  await expect(till.cartLines()).toHaveCount(0);
  await expect(till.parkedCarts()).toHaveCount(1);
  await expect(till.parkedCarts().first()).toContainText('2× ');
  // A parked cart holds no stock: Inventory's figures did not move.
  const espressoParked = await api.product('p-espresso');
  expect(espressoParked.available).toBe(espresso.available);
  expect(espressoParked.reserved).toBe(espresso.reserved);

  // Customer 2 is served meanwhile; the parked cart cannot be resumed over a sale in progress.
  await till.addProduct('p-croissant');
  await expect(till.parkedCarts().first().getByTestId('resume-parked')).toBeDisabled();
  await till.payCash(croissant.price);
  await till.waitForLastOrderStatus('confirmed');
  await till.newSale();

  // The till restarts (a reload): the parked cart is still there.
  await till.goto(stack.urls.till);
  await expect(till.parkedCarts()).toHaveCount(1);
  await till.parkedCarts().first().getByTestId('resume-parked').click();
  await expect(till.parkedCarts()).toHaveCount(0);
  await expect(till.cartLines()).toHaveCount(2);
  await expect(till.cartLines().filter({ hasText: espresso.name }).getByTestId('cart-line-quantity')).toHaveText('2');
  await expect(till.cartLines().filter({ hasText: croissant.name }).getByTestId('cart-line-quantity')).toHaveText('1');
  expect(await till.cartTotal()).toBe(parkedTotal);

  await till.payCash(2 * espresso.price + croissant.price);
  await till.waitForLastOrderStatus('confirmed');
  const sold = await api.order((await till.lastOrderId())!);
  expect(sold?.total).toBe(2 * espresso.price + croissant.price);
});
