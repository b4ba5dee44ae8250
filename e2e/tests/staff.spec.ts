/**
 * Issue 15, staff: a manager adds staff with roles and PINs in the console; the store's till then asks
 * for a sign-in, checks PINs itself (offline too), locks a member out after five wrong PINs — across a
 * reload — and records who sold; removing a line once payment started needs a supervisor's or
 * manager's PIN, and POS Core receives the override naming its approver. A store of its own
 * (support/staff-store.ts), so the demo store's till keeps selling without sign-in.
 */

import type { StaffMember } from '@pos/shared/staff';
import type { OverrideView } from '@pos/shared/staff-records';
import { ConsolePage } from '../pages/console-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { createStaffStore, openStaffStoreTill } from '../support/staff-store.ts';

test('when a cashier enters five wrong PINs, then they are locked out on the till across a reload while others sign in; the sale names its seller', async ({
  browser,
  page,
  stack,
}) => {
  test.setTimeout(120_000);
  const store = await createStaffStore(stack, 'lockout');

  // The manager adds two members in the console.
  await ConsolePage.signIn(page, stack.urls.console, store.managerToken);
  await page.getByTestId('nav-staff').click();
  await expect(page.getByTestId('staff-empty')).toBeVisible();
  for (const [name, role, pin] of [
    ['Ada', 'cashier', '1111'],
    ['Max', 'manager', '909090'],
  ] as const) {
    await page.getByTestId('staff-name').fill(name);
    await page.getByTestId('staff-role').selectOption(role);
    await page.getByTestId('staff-pin').fill(pin);
    await page.getByTestId('staff-create').click();
    await expect(page.locator(`[data-testid="staff-row"][data-staff-name="${name}"]`)).toHaveAttribute('data-role', role);
  }

  const till = await openStaffStoreTill(browser, stack, store);
  const context = till.page.context();
  await expect(till.byTestId('sign-in-staff')).toHaveCount(2);

  for (let left = 4; left >= 1; left--) {
    await till.signIn('Ada', '0000');
    await expect(till.byTestId('sign-in-message')).toHaveText(
      `Wrong PIN. ${left} ${left === 1 ? 'try' : 'tries'} left before Ada is locked out on this till.`,
    );
  }
  await till.signIn('Ada', '0000');
  await expect(till.byTestId('sign-in-message')).toContainText('Too many wrong PINs: Ada is locked out on this till until');
  // Her right PIN is refused while she is locked out, and a reload does not lift it.
  await till.signIn('Ada', '1111');
  await expect(till.byTestId('sign-in-message')).toContainText('Ada is locked out');
  await till.page.reload();
  await till.signIn('Ada', '1111');
  await expect(till.byTestId('sign-in-message')).toContainText('Ada is locked out');
  await expect(till.byTestId('current-staff')).toHaveCount(0);

  // Another member is not locked out; the sale records who sold it.
  await till.signIn('Max', '909090');
  await expect(till.byTestId('current-staff')).toHaveText('Max');
  await till.waitForNumbering();
  await till.ensureShiftOpen();
  await till.addProduct(store.productId);
  await till.byTestId('pay-exact-cash').click();
  await till.waitForLastOrderStatus('confirmed');
  const orderId = (await till.lastOrderId())!;
  const max = ((await store.get('/v1/store/staff')) as { staff: StaffMember[] }).staff.find((s) => s.name === 'Max')!;
  const order = (await store.get(`/v1/orders/${orderId}`)) as { order: { staffId: string | null } };
  expect(order.order.staffId).toBe(max.id);

  // Signing out brings the sign-in screen back.
  await till.byTestId('sign-out').click();
  await expect(till.byTestId('sign-in-staff')).toHaveCount(2);
  await context.close();
});

test('when a cashier removes a line after payment started, then a manager approves with their PIN and POS Core records the approver', async ({
  browser,
  stack,
}) => {
  test.setTimeout(120_000);
  const store = await createStaffStore(stack, 'override');
  const create = store.createStaff;
  const ada = await create('Ada', 'cashier', '1111');
  await create('Sam', 'cashier', '2222');
  const max = await create('Max', 'manager', '3333');

  const till = await openStaffStoreTill(browser, stack, store, { name: 'Ada', pin: '1111' });
  const context = till.page.context();

  // Before payment starts, a cashier removes a line herself.
  await till.addProduct(store.productId);
  await till.byTestId('remove-line').click();
  await expect(till.cartLines()).toHaveCount(0);

  // Once payment started, removing a line needs an approver: another cashier is not offered, a wrong PIN is refused.
  await till.addProduct(store.productId);
  await till.byTestId('pay-card').click();
  await till.page.getByRole('button', { name: 'Back' }).click();
  await till.byTestId('remove-line').click();
  await expect(till.byTestId('override-dialog')).toBeVisible();
  await expect(till.byTestId('override-approver')).toHaveCount(1);
  await expect(till.page.locator('[data-testid="override-approver"][data-staff-name="Sam"]')).toHaveCount(0);
  await till.approveOverride('Max', '0000');
  await expect(till.byTestId('override-message')).toContainText('Wrong PIN');
  await expect(till.cartLines()).toHaveCount(1);
  await till.approveOverride('Max', '3333');
  await expect(till.byTestId('override-dialog')).toHaveCount(0);
  await expect(till.cartLines()).toHaveCount(0);

  // POS Core received the override once, naming who asked and who approved.
  await expect
    .poll(async () => ((await store.get('/v1/store/staff/overrides')) as { overrides: OverrideView[] }).overrides, { timeout: 30_000 })
    .toEqual([
      expect.objectContaining({
        action: 'remove_line_after_payment',
        staffId: ada.id,
        approvedBy: max.id,
        terminalId: store.terminalId,
        detail: `removed Staff tea override`,
      }),
    ]);
  await context.close();
});
