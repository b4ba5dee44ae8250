/**
 * A manager's change of the store's settings reaches a till that is already open, without a reload: POS
 * Core publishes `store.settings_changed` on the event feed the till's stream reads, and the till re-reads
 * its store profile (it also does whenever its stream reopens). Here the discount cap, tightened and then
 * loosened through the console API while the till is open with a cart.
 */
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when the manager changes the discount cap while the till is open, then the till applies the new cap without a reload', async ({
  page,
  stack,
  api,
}) => {
  await api.keepingStoreSettings(async () => {
    await api.updateStoreSettings({ discountCapPercent: 100 });
    const till = await TillPage.open(page, stack.urls.till);
    await page.evaluate(() => {
      (window as unknown as { sameDocument: boolean }).sameDocument = true;
    });
    await till.addProduct('p-croissant');
    /** A 40 % discount on the croissant: null when given, else the till's refusal (its form then closed). */
    const tryForty = async () => {
      const problem = await till.giveDiscount('p-croissant', 'percent', '40', 'Staff');
      if (problem !== null) await page.getByTestId('discount-form-line').getByRole('button', { name: 'Cancel' }).click();
      return problem;
    };
    expect(await tryForty()).toBeNull();

    await api.updateStoreSettings({ discountCapPercent: 30 });
    await expect.poll(tryForty, { timeout: 30_000 }).toContain('cap of 30 %');
    await api.updateStoreSettings({ discountCapPercent: 50 });
    await expect.poll(tryForty, { timeout: 30_000 }).toBeNull();

    // The same page all along: no reload brought the new rules.
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });
});
