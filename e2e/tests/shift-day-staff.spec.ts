/**
 * Issue 15: a whole day at one till of a store with staff. A cashier signs in with her PIN, opens with
 * a float, sells in cash and by card, puts cash in and takes some out, loses the network and sells on,
 * then counts a drawer short by more than the store's tolerance: closing needs the manager's PIN. The Z
 * is provisional (its records not synced) → back online → final and complete. POS Core's records name
 * who sold, who made the drawer records, who closed and who approved, and the manager's console lists
 * the shift under Z reports. A store of its own
 * (support/staff-store.ts), so the demo store's till keeps selling without sign-in.
 */

import type { OverrideView } from '@pos/shared/staff-records';
import type { ZReport } from '@pos/shared/z-report';
import { ConsolePage } from '../pages/console-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { createStaffStore, openStaffStoreTill } from '../support/staff-store.ts';

test('when a signed-in cashier closes a day offline with a difference beyond the tolerance, then a manager approves, the Z turns final and complete, and POS Core names who did what', async ({
  browser,
  stack,
}) => {
  test.setTimeout(240_000);
  const store = await createStaffStore(stack, 'day');
  const ada = await store.createStaff('Ada', 'cashier', '1111');
  const max = await store.createStaff('Max', 'manager', '3333');
  await store.put('/v1/store/settings', { shiftCloseTolerance: 300 });

  const till = await openStaffStoreTill(browser, stack, store, { name: 'Ada', pin: '1111' });
  const context = till.page.context();
  await till.openShift(10_000);

  // One sale in cash, one by card (3.00 each, tax included), cash in 20.00 and out 10.00.
  const orders: string[] = [];
  const sell = async (how: 'cash' | 'card') => {
    await till.openSell();
    await till.addProduct(store.productId);
    if (how === 'cash') await till.byTestId('pay-exact-cash').click();
    else await till.payCard('tok_visa');
    await expect(till.byTestId('last-order-status')).not.toHaveAttribute('data-order-id', orders.at(-1) ?? '');
    orders.push((await till.lastOrderId())!);
  };
  await sell('cash');
  await till.waitForLastOrderStatus('confirmed');
  await sell('card');
  await till.waitForLastOrderStatus('confirmed');
  await till.moveCash('in', 2_000, 'coins from the bank');
  await till.moveCash('out', 1_000, 'to the safe');

  await context.setOffline(true);
  await till.waitForOnlineState('offline');
  await sell('cash');

  // Expected 100 + 3 + 20 − 10 + 3 = 116.00; counted 110.00: 6.00 short, beyond the 3.00 tolerance.
  await till.openShiftScreen();
  await till.byTestId('count-10000').fill('1');
  await till.byTestId('count-1000').fill('1');
  await till.byTestId('shift-close').click();
  await expect(till.byTestId('override-dialog')).toBeVisible();
  await expect(till.byTestId('shift-open-panel')).toBeVisible();
  await till.approveOverride('Max', '0000');
  await expect(till.byTestId('override-message')).toContainText('Wrong PIN');
  await expect(till.byTestId('shift-open-panel')).toBeVisible();
  await till.approveOverride('Max', '3333');
  await expect(till.byTestId('override-dialog')).toHaveCount(0);
  await till.byTestId('shift-open-form').waitFor();
  const z = till.latestZ();
  await expect(z.getByTestId('z-status')).toHaveText('provisional');
  await expect(z.getByTestId('z-provisional-why')).toContainText('not synced');
  await expect(z.getByTestId('total-difference')).toHaveText('-€6.00');

  await context.setOffline(false);
  await expect(z.getByTestId('z-status')).toHaveText('final', { timeout: 90_000 });
  await expect(z.getByTestId('z-complete')).toBeVisible();
  await expect(z.getByTestId('z-differences')).toHaveCount(0);

  // POS Core: the final Z agrees with the till to the cent and names who made its records, closed it and approved.
  const zNumber = Number(await z.getAttribute('data-z-number'));
  const { shifts } = (await store.get(`/v1/terminals/${store.terminalId}/shifts`)) as { shifts: ZReport[] };
  const report = shifts.find((s) => s.zNumber === zNumber);
  expect(report).toMatchObject({
    status: 'final',
    complete: true,
    missing: [],
    differences: [],
    staff: [ada.id],
    closedBy: ada.id,
    closeApprovedBy: max.id,
  });
  expect(report!.totals).toEqual(report!.tillTotals);
  expect(report!.totals).toMatchObject({
    float: 10_000,
    sales: { count: 3, total: 900 },
    cashIn: { count: 1, total: 2_000 },
    cashOut: { count: 1, total: 1_000 },
    expectedCash: 11_600,
    counted: 11_000,
    difference: -600,
  });
  expect(report!.totals.byTender.find((t) => t.type === 'card')?.salesCount).toBe(1);
  for (const orderId of orders) {
    const { order } = (await store.get(`/v1/orders/${orderId}`)) as { order: { staffId: string | null } };
    expect(order.staffId, orderId).toBe(ada.id);
  }
  // The override reached POS Core once, naming who asked and who approved.
  const { overrides } = (await store.get('/v1/store/staff/overrides')) as { overrides: OverrideView[] };
  expect(overrides).toEqual([
    expect.objectContaining({ action: 'shift_close_difference', staffId: ada.id, approvedBy: max.id, terminalId: store.terminalId }),
  ]);

  // The manager's console lists the till's shift under Z reports: final, 6.00 short, closed by Ada, approved by Max.
  const consolePage = await browser.newPage();
  await ConsolePage.signIn(consolePage, stack.urls.console, store.managerToken);
  await consolePage.getByTestId('nav-zreports').click();
  await expect(consolePage.getByTestId('shift-close-tolerance')).toHaveValue('3.00');
  const row = consolePage.locator(
    `[data-testid="z-till"][data-terminal-id="${store.terminalId}"] [data-testid="z-row"][data-z-number="${zNumber}"]`,
  );
  await expect(row).toHaveAttribute('data-status', 'final');
  await expect(row.getByTestId('z-row-status')).toHaveText('final · complete');
  await expect(row.getByTestId('z-row-sales')).toHaveText('€9.00 (3)');
  await expect(row.getByTestId('z-row-expected')).toHaveText('€116.00');
  await expect(row.getByTestId('z-row-counted')).toHaveText('€110.00');
  await expect(row.getByTestId('z-row-difference')).toHaveText('-€6.00');
  await expect(row.getByTestId('z-row-closed-by')).toHaveText('Ada');
  await expect(row.getByTestId('z-row-approved-by')).toHaveText('Max');
  await expect(row.getByTestId('z-row-check')).toHaveText('ok');
  await consolePage.close();
  await context.close();
});
