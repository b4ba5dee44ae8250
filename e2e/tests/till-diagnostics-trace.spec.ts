/**
 * Issue #19 §6 and §4 through the real till in Chromium: a cash sale made while POS Core is down
 * shows in the diagnostics panel as unsynced with its age and the failed requests; once POS Core is
 * back it is acknowledged (last acknowledged sequence number). "Export diagnostics" saves a bundle
 * with no card data, and `pnpm trace <orderId> --till <bundle>` prints the sale's timeline across
 * the till and POS Core in Lamport order, the failed attempts included.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { diagnosticsBundle } from '@pos/shared/diagnostics';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { barcodesOf, ordersAmong } from '../support/sales-ledger.ts';

const SERVER_DIR = resolve(fileURLToPath(new URL('../../server', import.meta.url)));

test('when a sale waits for POS Core, then the diagnostics panel shows it, the export has no card data, and pnpm trace prints its timeline', async ({
  page,
  api,
  stack,
}) => {
  test.setTimeout(180_000);
  const till = await TillPage.open(page, stack.urls.till);
  const barcodes = await barcodesOf(api, ['p-espresso']);

  // A card sale first: its card token stays on the till, never in the bundle.
  await till.search('espresso');
  await till.addProduct('p-espresso');
  await till.payCard('tok_visa');
  await till.waitForLastOrderStatus('confirmed');
  await till.newSale();

  await stack.stopService('pos-core');
  const id = await till.sellExactCash([barcodes.get('p-espresso')!]);
  await till.openSync();
  const panel = page.getByTestId('diagnostics-panel');
  await expect(panel.getByTestId('diag-unsynced')).toHaveText('1', { timeout: 30_000 });
  await expect(panel.getByTestId('diag-oldest-unsynced')).toHaveText(/^\d+ (s|min)/);
  // The till keeps trying: its requests went unanswered.
  await expect(panel.getByTestId('diag-request').filter({ hasText: 'no answer' }).first()).toBeVisible({ timeout: 30_000 });

  await stack.startService('pos-core');
  await expect(panel.getByTestId('diag-unsynced')).toHaveText('0', { timeout: 60_000 });
  const [order] = (await ordersAmong(api, DEMO_TERMINAL_ID, [id])).orders;
  expect(order).toBeDefined();
  await expect(panel.getByTestId('diag-last-acked-seq')).toHaveText(String(order!.seq));
  await expect(panel.getByTestId('diag-no-rejected')).toBeVisible();
  const shownIds = await panel.getByTestId('diag-request-id').allTextContents();
  expect(shownIds.length).toBeGreaterThan(0);

  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('export-diagnostics').click()]);
  const file = await download.path();
  expect(file, `${await download.failure()}`).toBeTruthy();
  const text = readFileSync(file!, 'utf8');
  expect(text).not.toContain('tok_visa');
  const bundle = diagnosticsBundle.parse(JSON.parse(text));
  expect(bundle.terminalId).toBe(DEMO_TERMINAL_ID);
  expect(bundle.summary).toMatchObject({ unsynced: 0, lastAckedSeq: order!.seq });
  for (const shown of shownIds) expect(bundle.recentRequestIds).toContain(shown);
  const events = bundle.log.filter((e) => e.orderId === id).map((e) => e.event);
  expect(events).toEqual(expect.arrayContaining(['sale recorded', 'order sent', 'order send failed', 'order acknowledged']));

  // The request ids the till shows are the ones the services logged on their access-log lines.
  const posCoreLog = readFileSync(join(stack.logDir, 'pos-core.log'), 'utf8');
  expect(shownIds.some((requestId) => posCoreLog.includes(`"correlationId":"${requestId}"`))).toBe(true);

  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'src/trace/trace-cli.ts', id, '--till', file!, '--logs', stack.logDir],
    { cwd: SERVER_DIR, env: { ...process.env, INIT_CWD: SERVER_DIR } },
  );
  const lines = stdout.split('\n');
  const row = (source: string, text: string) => lines.findIndex((l) => l.includes(` ${source} `) && l.includes(text));
  const rows = [
    row('till', 'sale recorded'),
    row('till', 'order send failed'),
    row('pos-core', 'order received'),
    row('pos-core', 'cash sale settled'),
    row('till', 'order acknowledged'),
  ];
  expect(
    rows.every((r) => r > 0),
    stdout,
  ).toBe(true);
  expect(rows, stdout).toEqual([...rows].sort((a, b) => a - b));
  expect(stdout).toMatch(/[1-9]\d* retried/);
});
