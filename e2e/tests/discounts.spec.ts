/**
 * Issue 18, discounts (items 1, 3, 7): a sale with a line discount and an order discount in a store
 * whose prices exclude tax and whose cash is rounded to 0.05. The till shows the totals of the shared
 * pricing code (the manager set the rules in the console); POS Core records the sale with the same total, tax and per-line discounts, and its own
 * pricing of the order finds no mismatch. A discount above the cashier's cap is refused at the till.
 */

import { ConsolePage } from '../pages/console-page.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('a discounted cash sale: the server’s total equals the till’s to the cent, tax added and cash rounded', async ({
  page,
  stack,
  api,
}) => {
  // The worker's stack is shared by the spec files: set this store's rules for this test only.
  await api.keepingStoreSettings(async (before) => {
    // The manager sets the rules in the console (Catalogue → Pricing rules).
    const manager = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
    await manager.open('catalogue');
    const rules = page.getByTestId('pricing-rules');
    await rules.getByTestId('prices-include-tax').uncheck();
    await rules.getByTestId('cash-rounding-increment').fill('5');
    await rules.getByTestId('discount-cap').fill('50');
    await rules.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => api.storeSettings())
      .toEqual({ ...before, pricesIncludeTax: false, cashRoundingIncrement: 5, discountCapPercent: 50 });

    // A fresh till learns the rules with its store's currency.
    const till = await TillPage.open(page, stack.urls.till);
    await till.addProduct('p-espresso');
    await till.addProduct('p-espresso');
    await till.addProduct('p-croissant');

    // Above the cap (50 %): refused at the till, the cart unchanged.
    expect(await till.giveDiscount('p-croissant', 'percent', '60', 'Staff')).toContain('cap of 50 %');
    await page.getByTestId('discount-form-line').getByRole('button', { name: 'Cancel' }).click();

    expect(await till.giveDiscount('p-espresso', 'percent', '10', 'Staff')).toBeNull();
    expect(await till.giveDiscount('order', 'amount', '0.50', 'Loyalty')).toBeNull();
    // Espresso 2 × 2.50 = 5.00, 10 % off → 4.50; croissant 1.80. Order discount 0.50 over 6.30 by largest
    // remainder: 0.36 and 0.14 → 4.14 and 1.66. Tax added per line: 19 % of 4.14 = 0.7866 → 0.79,
    // 7 % of 1.66 = 0.1162 → 0.12. Total 4.14 + 0.79 + 1.66 + 0.12 = 6.71; in cash, rounded to 0.05: 6.70.
    expect(await till.cartDiscount()).toContain('1.00');
    expect(await till.cartTotal()).toContain('6.71');
    await expect(page.getByTestId('cart-tax')).toContainText('tax added');

    await till.openCashPayment();
    const cash = await till.cashDue();
    expect(cash.due).toContain('6.70');
    expect(cash.rounding).toContain('rounded down by');
    await till.confirmCashPayment(1_000);
    expect(await till.changeDue()).toContain('3.30');
    await expect.poll(() => till.lastOrderStatus(), { timeout: 30_000 }).toBe('confirmed');

    const orderId = (await till.lastOrderId()) ?? '';
    const order = await api.order(orderId);
    expect(order).toMatchObject({
      status: 'confirmed',
      total: 671,
      tax: 79 + 12,
      cashRounding: -1,
      pricing: { pricesIncludeTax: false, cashRoundingIncrement: 5 },
      discounts: [
        { line: 0, type: 'percent', value: 1000, reason: 'Staff' },
        { type: 'amount', value: 50, reason: 'Loyalty' },
      ],
      tenders: [{ type: 'cash', amount: 670, received: 1_000 }],
    });
    expect(order?.lines.map((l) => [l.productId, l.discount, l.tax])).toEqual([
      ['p-espresso', 50 + 36, 79],
      ['p-croissant', 14, 12],
    ]);
    const timeline = await api.timeline(orderId);
    expect(timeline?.events.map((e) => e.type)).toContain('order.confirmed');
    expect(timeline?.events.map((e) => e.type)).not.toContain('order.pricing_mismatch');
  });
});
