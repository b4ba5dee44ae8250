/**
 * Issue 17 (1, 8): two tills sell offline, then come back; the manager's console shows, live, the
 * sequence numbers each till has and POS Core has not yet — and they shrink to none as the tills sync.
 *
 * Each till opens its shift (seq 1, synced while online) and records 101 sales offline (seqs 2–102).
 * Back online, its sync sends a first batch of 100 (the till's first batch size) with its report
 * (`Pos-Till-Sync`: last seq 102); the test holds each till's batch with seq 102 in the browser until the
 * console has shown seq 102 missing for both, then lets till A's through (A: none missing, B: still
 * 102), then B's (none anywhere). Every sale is then confirmed once at POS Core.
 */

import { ConsolePage } from '../pages/console-page.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { pairTill, runAsTill } from '../support/pair-till.ts';
import { barcodesOf } from '../support/sales-ledger.ts';

const SALES = 101;
/** The till's last seq: its shift's opening took seq 1 (TillPage.open opens the shift). */
const LAST_SEQ = SALES + 1;
const TILLS = ['console-till-a', 'console-till-b'] as const;

test('when two tills sell offline and come back, then the console shows their missing sequence numbers shrinking to none', async ({
  browser,
  page,
  api,
  stack,
}) => {
  test.setTimeout(420_000);
  const barcodes = await barcodesOf(api, ['p-croissant', 'p-espresso']);
  const codes = [...barcodes.values()];
  const tills = [];
  for (const terminalId of TILLS) {
    const context = await browser.newContext();
    await runAsTill(context, stack, terminalId, await pairTill(stack, terminalId));
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    // The batch that carries the last seq waits until the test releases it; the others go through.
    await context.route('**/v1/orders/batch', async (route) => {
      const { orders } = route.request().postDataJSON() as { orders: { seq: number }[] };
      if (orders.some((o) => o.seq >= LAST_SEQ)) await released;
      await route.continue().catch(() => {}); // the till may have given up on a held request (its timeout): it resends
    });
    const till = await TillPage.open(await context.newPage(), stack.urls.till);
    tills.push({ terminalId, context, till, release });
  }
  const manager = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);

  for (const { context, till } of tills) {
    await context.setOffline(true);
    await till.waitForOnlineState('offline');
  }
  const started = Date.now();
  await Promise.all(
    tills.map(async ({ till }) => {
      for (let i = 0; i < SALES; i++) await till.sellExactCash([codes[i % codes.length]!]);
      await till.waitForQueuedCount(SALES);
    }),
  );
  console.log(`[console-sync-health] ${2 * SALES} offline sales recorded in ${Date.now() - started} ms`);

  for (const { context } of tills) await context.setOffline(false);
  for (const { terminalId } of TILLS.map((terminalId) => ({ terminalId }))) {
    const row = manager.tillWithMissing(terminalId, 1);
    await expect(row).toBeVisible({ timeout: 60_000 });
    await expect(row.getByTestId('till-missing')).toHaveText(String(LAST_SEQ));
    await expect(row.getByTestId('till-last-seq')).toHaveText(String(LAST_SEQ - 1));
    await expect(row.getByTestId('till-unsynced')).toHaveText('1');
  }

  const [a, b] = tills;
  const shrink = Date.now();
  a!.release();
  await expect(manager.tillWithMissing(a!.terminalId, 0)).toBeVisible({ timeout: 60_000 });
  await expect(manager.tillWithMissing(a!.terminalId, 0).getByTestId('till-missing')).toHaveText('none');
  await expect(manager.tillWithMissing(b!.terminalId, 1)).toBeVisible();
  b!.release();
  await expect(manager.tillWithMissing(b!.terminalId, 0)).toBeVisible({ timeout: 60_000 });
  console.log(`[console-sync-health] both tills shown with nothing missing ${Date.now() - shrink} ms after the held batches went`);
  for (const { terminalId } of TILLS.map((terminalId) => ({ terminalId }))) {
    await expect(manager.tillRow(terminalId).getByTestId('till-last-seq')).toHaveText(String(LAST_SEQ));
    await expect(manager.tillRow(terminalId).getByTestId('till-unsynced')).toHaveText('0');
    const orders = await api.ordersOfTerminal(terminalId);
    // The sales are seqs 2…LAST_SEQ (seq 1 is the shift's opening).
    expect(orders.map((o) => o.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: SALES }, (_, i) => i + 2));
  }
  for (const { context } of tills) await context.close();
  // The stack is shared by every spec: put back the demo stock these 202 sales took, so later specs selling
  // the same products find it (an online sale of a product out of stock is refused, as it should be).
  const sold = new Map<string, number>();
  for (const terminalId of TILLS) {
    for (const order of await api.ordersOfTerminal(terminalId)) {
      for (const line of order.lines) sold.set(line.productId, (sold.get(line.productId) ?? 0) + line.quantity);
    }
  }
  for (const [productId, quantity] of sold) await api.receiveStock(productId, quantity);
});
