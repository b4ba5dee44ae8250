/**
 * Issue 4 (b): card payments are CP. With Payment stopped, POS Core refuses the card sale before
 * recording anything (503): the till shows the sale as not confirmed and why, and no money moved.
 * With Payment back, retrying the SAME order confirms it once and captures it once (G1, G2, G4).
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { ordersAmong } from '../support/sales-ledger.ts';

test('when Payment is down, then a card sale is not confirmed, the cashier sees why and nothing is captured; retried after Payment is back, it is confirmed and captured once', async ({
  page,
  context,
  api,
  stack,
}) => {
  test.setTimeout(240_000);
  const till = await TillPage.open(page, stack.urls.till);
  const product = await api.product('p-flat-white');

  await stack.stopService('payment');
  let paymentDown = true;
  try {
    await till.addProduct(product.id);
    await till.byTestId('pay-card').click();
    await till.byTestId('card-token').selectOption('tok_visa');
    await till.byTestId('confirm-card').click();

    const checking = till.cardChecking();
    await expect(checking).toBeVisible({ timeout: 60_000 });
    await expect(checking).toHaveAttribute('data-not-recorded', 'true');
    // Told in a sentence; the server's own words stay in the diagnostics.
    await expect(till.byTestId('card-checking-reason')).toHaveText(
      "Card payments can't be started right now, so the card has not been charged.",
    );
    await expect(till.byTestId('card-checking-diagnostic')).toContainText('Payment is not reachable');
    // The till never lets a second charge start while this one is unresolved.
    await expect(till.byTestId('confirm-card')).toBeDisabled();

    const sales = await till.orders();
    const card = sales[0]!;
    expect(card.status).toBe('sending');
    await expect(till.orderRow(card.id).getByTestId('order-problem')).toHaveText(
      "Card payments can't be started right now, so the card has not been charged.",
    );
    await expect(till.orderRow(card.id).getByTestId('order-diagnostic')).toContainText('Payment is not reachable');
    await till.openSell();
    expect(await api.order(card.id)).toBeNull();

    // Payment comes back while the till is cut off, so that nothing can move before we look: no payment exists.
    await context.setOffline(true);
    await stack.startService('payment');
    paymentDown = false;
    expect(await api.order(card.id)).toBeNull();
    expect(await api.payments(card.id)).toEqual([]);
    await context.setOffline(false);
    // The cashier presses "Retry now" (the till also retries on its own): always the same order.
    await expect
      .poll(
        async () => {
          const retry = till.byTestId('card-retry-now');
          if (await retry.isVisible()) await retry.click().catch(() => {});
          return (await till.lastOrderId()) === card.id ? till.lastOrderStatus() : null;
        },
        { timeout: 120_000, intervals: [1_000] },
      )
      .toBe('confirmed');

    const order = await api.order(card.id);
    expect(order?.status).toBe('confirmed');
    const { orders } = await ordersAmong(api, DEMO_TERMINAL_ID, [card.id]);
    expect(orders).toHaveLength(1);
    const payments = await api.payments(card.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ status: 'captured', amount: product.price, capturedAmount: product.price, refundedAmount: 0 });
  } finally {
    // The stack is shared by the spec files of this worker: never leave Payment down.
    if (paymentDown) await stack.startService('payment');
  }
});
