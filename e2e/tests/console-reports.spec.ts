/**
 * Issue 17 (6, 8): the console's charts draw the store's real sales. Two cash sales are confirmed on
 * the demo till; the Reports section's per-hour and per-till charts (uPlot, canvas) are drawn from the
 * sales report, whose per-till figure for the till equals the sum of its confirmed orders at POS Core;
 * the CSV export of the orders lists both sales.
 */
import { readFileSync } from 'node:fs';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { ConsolePage } from '../pages/console-page.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';

test('when sales are confirmed, then the console’s charts render them and the CSV export lists them', async ({
  browser,
  page,
  api,
  stack,
}) => {
  test.setTimeout(120_000);
  const tillContext = await browser.newContext();
  const till = await TillPage.open(await tillContext.newPage(), stack.urls.till);
  const sold: string[] = [];
  for (const product of ['p-espresso', 'p-croissant']) {
    await till.search(product);
    await till.addProduct(product);
    await till.payCash(10_000);
    await till.waitForLastOrderStatus('confirmed');
    sold.push((await till.lastOrderId())!);
  }
  const confirmed = (await api.ordersOfTerminal(DEMO_TERMINAL_ID)).filter((o) => o.status === 'confirmed');
  const tillTotal = confirmed.reduce((sum, o) => sum + o.total, 0);

  const manager = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
  await manager.open('reports');
  const perHour = page.getByTestId('chart-per-hour');
  const perTill = page.getByTestId('chart-per-till');
  await expect(perHour.locator('canvas')).toBeVisible();
  await expect(perTill.locator('canvas')).toBeVisible();
  expect(Number(await perHour.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
  expect(Number(await perTill.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
  await expect(page.locator(`[data-testid="report-per-till"] tr[data-terminal-id="${DEMO_TERMINAL_ID}"]`)).toHaveAttribute(
    'data-total',
    String(tillTotal),
  );
  // The bars are drawn: the canvas is not blank where the data is.
  const painted = await perHour.locator('canvas').evaluate((canvas: HTMLCanvasElement) => {
    const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i + 3]! > 0 && pixels[i + 2]! > pixels[i]! + 60) coloured += 1;
    return coloured;
  });
  expect(painted).toBeGreaterThan(50);

  await manager.open('orders');
  await page.getByTestId('filter-till').selectOption(DEMO_TERMINAL_ID);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-csv').click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const lines = csv.trim().split('\r\n');
  expect(lines[0]).toBe('id,terminalId,seq,status,reason,captureMode,tenders,currency,total,tax,createdAt,receivedAt');
  for (const id of sold) expect(lines.some((l) => l.startsWith(`${id},${DEMO_TERMINAL_ID},`) && l.includes(',confirmed,'))).toBe(true);
  expect(lines.slice(1).every((l) => l.split(',')[1] === DEMO_TERMINAL_ID)).toBe(true);
  await tillContext.close();
});
