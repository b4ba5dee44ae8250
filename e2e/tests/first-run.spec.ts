/**
 * Issue 11, points 1, 2 and 4: the start command on a new machine, as root, with the data folder
 * inside a private folder (mode 700, like a home directory) and every port moved off its default.
 * PostgreSQL must start (as its own account, with its data made reachable), the till served on
 * another port must reach the services (its origin allowed), and the output must end with where
 * to sell, after the credentials. Then a sale goes through the till that URL serves.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@pos/server/free-port';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { runStartCommand } from '../support/start-command.ts';

test('the start command works from a private folder on other ports and ends with the till URL', async ({ page }) => {
  test.setTimeout(240_000);
  const home = mkdtempSync(join(tmpdir(), 'pos-first-run-'));
  chmodSync(home, 0o700);
  const tillPort = await freePort();
  const kitchenPort = await freePort();
  const consolePort = await freePort();
  const started = await runStartCommand({
    POS_DATA_DIR: join(home, 'my-till-data'),
    POS_PG_PORT: String(await freePort()),
    POS_CORE_PORT: String(await freePort()),
    INVENTORY_PORT: String(await freePort()),
    PAYMENT_PORT: String(await freePort()),
    KITCHEN_PORT: String(kitchenPort),
    NOTIFICATION_PORT: String(await freePort()),
    DEV_MAIL_SMTP_PORT: String(await freePort()),
    DEV_MAIL_PORT: String(await freePort()),
    TILL_PORT: String(tillPort),
    CONSOLE_PORT: String(consolePort),
  });
  const relocated = /data in (\S+)/.exec(started.lines.find((l) => l.startsWith('PostgreSQL (embedded)')) ?? '')?.[1];
  try {
    expect(started.tillUrl).toBe(`http://127.0.0.1:${tillPort}`);
    // The till's line is the last one, after the credentials.
    const tillLine = started.lines.findIndex((l) => l.startsWith('Open the till:'));
    expect(tillLine).toBe(started.lines.length - 1);
    expect(started.lines.findIndex((l) => l.includes('manager token'))).toBeLessThan(tillLine);
    // The kitchen display's address is in the summary, before the till's line.
    const kitchenLine = started.lines.findIndex((l) => l.startsWith(`Kitchen display: http://127.0.0.1:${kitchenPort}/#token=`));
    expect(kitchenLine).toBeGreaterThan(-1);
    expect(kitchenLine).toBeLessThan(tillLine);
    // The manager's console is served and named, before the till's line.
    const consoleLine = started.lines.findIndex((l) => l.startsWith(`Manager console: http://127.0.0.1:${consolePort}/`));
    expect(consoleLine).toBeGreaterThan(-1);
    expect(consoleLine).toBeLessThan(tillLine);
    expect((await fetch(`http://127.0.0.1:${consolePort}/console-config.json`)).status).toBe(200);
    expect(started.lines.some((l) => l.startsWith('Mail inbox (receipts and alerts sent in development): http://127.0.0.1:'))).toBe(true);
    if (process.getuid?.() === 0) {
      expect(started.lines.join('\n')).toContain(`${home} is private to root`);
    }
    expect(started.lines.join('\n')).not.toMatch(/EACCES|\n\s+at /);

    // The till at that port reaches the services: online, and a cash sale confirmed.
    const till = await TillPage.open(page, started.tillUrl);
    await till.waitForOnlineState('online');
    await till.search('espresso');
    await till.addProduct('p-espresso');
    await till.payCash(10_000);
    await till.waitForLastOrderStatus('confirmed');
  } finally {
    expect(await started.stop()).toBe(0);
    rmSync(home, { recursive: true, force: true });
    if (relocated && !relocated.startsWith(home)) rmSync(relocated, { recursive: true, force: true });
  }
});
