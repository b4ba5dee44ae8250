/**
 * The desktop till: the Electron shell loads the renderer over app://till with the bridge exposed
 * and Node kept out of the page, against the real stack of the worker (support/stack.ts). Needs an
 * Electron binary: where its download is blocked the tests skip and say so.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import type { TillBridge } from '@pos/till-core/platform/bridge';
import { electronBinary } from '../../terminal/scripts/electron-binary.ts';
import { DIST_DIR, ELECTRON_MAIN, TERMINAL_DIR } from '../../terminal/scripts/till-paths.ts';
import { expect, test } from '../support/fixtures.ts';

const binary = electronBinary();
if (!binary) console.log('Skipping the Electron till tests: no Electron binary on this machine (its download is blocked).');

test.describe('the Electron till', () => {
  // Skipped only where no Electron binary can be had (its download is blocked on closed networks, as
  // on this CI). There, the renderer is covered in Chromium by every other spec, and the shell's own
  // contract without a binary by terminal/src/electron: window-options.test.ts (sandbox, isolation, no
  // Node), preload.test.ts (exactly the bridge) and app-protocol.test.ts (app://till, its policy, refusals).
  test.skip(!binary, 'Electron binary is not installed on this machine (its download is blocked); these tests run where it is');

  let app: ElectronApplication;
  let page: Page;

  let service: { posCoreUrl: string; inventoryUrl: string; token: string; terminalId: string };

  test.beforeAll(async ({ stack }) => {
    service = {
      posCoreUrl: stack.urls['pos-core'],
      inventoryUrl: stack.urls.inventory,
      token: stack.tokens.terminal,
      terminalId: 'demo-till-1',
    };
    for (const built of [path.join(DIST_DIR, 'index.html'), ELECTRON_MAIN]) {
      if (!existsSync(built)) throw new Error(`${built} is missing: run pnpm --filter @pos/terminal build`);
    }
    app = await _electron.launch({
      executablePath: binary!,
      args: [ELECTRON_MAIN],
      cwd: TERMINAL_DIR,
      env: {
        ...process.env,
        TILL_POS_CORE_URL: service.posCoreUrl,
        TILL_INVENTORY_URL: service.inventoryUrl,
        TILL_TERMINAL_ID: service.terminalId,
        TILL_TERMINAL_TOKEN: service.token,
      },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
  });

  test('when the till opens, then the renderer is loaded over app://till', async () => {
    expect(new URL(page.url()).protocol).toBe('app:');
    expect(page.url()).toMatch(/^app:\/\/till\//);
  });

  test('then the page sees exactly the bridge, on the electron platform, with the configured till', async () => {
    const bridge = await page.evaluate(async () => {
      const tillBridge = (window as unknown as { tillBridge: TillBridge }).tillBridge;
      return { platform: tillBridge.platform, keys: Object.keys(tillBridge).sort(), config: await tillBridge.getConfig() };
    });
    expect(bridge.platform).toBe('electron');
    expect(bridge.keys).toEqual(['getConfig', 'platform', 'printEscPos', 'printReceipt']);
    expect(bridge.config).toEqual({
      posCoreUrl: service.posCoreUrl,
      inventoryUrl: service.inventoryUrl,
      terminalId: service.terminalId,
      token: service.token,
    });
  });

  test('then Node is out of reach of the page (no require, no process)', async () => {
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  });

  test('then the till is served with its Content-Security-Policy, naming the service origins', async () => {
    const csp = await page.evaluate(async () => (await fetch('app://till/index.html')).headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ${new URL(service.posCoreUrl).origin} ${new URL(service.inventoryUrl).origin}`);
  });

  test('then a request for a file outside the renderer is refused', async () => {
    const status = await page.evaluate(async () => (await fetch('app://till/%2e%2e%2fpackage.json')).status);
    expect(status).toBe(404);
  });
});
