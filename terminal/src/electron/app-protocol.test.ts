/**
 * The `app://till` protocol handler against a stand-in for Electron's `protocol` (the handler it
 * registers is captured and called with real Requests over a real folder): where no Electron binary
 * can run (the Playwright Electron test skips there), this pins what the till window is served.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  privileged: [] as unknown[],
}));

vi.mock('electron', () => ({
  protocol: {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => electron.handlers.set(scheme, handler),
    registerSchemesAsPrivileged: (schemes: unknown[]) => electron.privileged.push(...schemes),
  },
}));

const CSP = "default-src 'self'; connect-src 'self' http://127.0.0.1:4000";
let root: string;
let dist: string;
let serve: (url: string, method?: string) => Promise<Response>;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'app-protocol-'));
  dist = path.join(root, 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Till</title>');
  writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log("till")');
  writeFileSync(path.join(root, 'secret.txt'), 'outside the renderer');
  const { handleAppProtocol, registerAppScheme } = await import('./app-protocol.cts');
  registerAppScheme();
  handleAppProtocol(dist, CSP);
  const handler = electron.handlers.get('app');
  if (!handler) throw new Error('no handler registered for app://');
  serve = (url, method = 'GET') => handler(new Request(url, { method }));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the app://till protocol', () => {
  test('when registered, then app:// is a standard, secure scheme (a real origin for IndexedDB, fetch and modules)', () => {
    expect(electron.privileged).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }),
      }),
    ]);
  });

  test('when the till asks for its page and assets, then they are served with the Content-Security-Policy', async () => {
    const page = await serve('app://till/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Till</title>');
    const script = await serve('app://till/assets/app.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('content-security-policy')).toBe(CSP);
  });

  test('when a client route is asked for, then it gets the page; a HEAD gets headers only', async () => {
    const route = await serve('app://till/sales/42');
    expect(route.status).toBe(200);
    expect(await route.text()).toContain('<title>Till</title>');
    const head = await serve('app://till/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  test.each([
    ['a file outside the renderer', 'app://till/%2e%2e/secret.txt'],
    ['an encoded absolute path', 'app://till/%2Fetc%2Fpasswd'],
    ['a missing asset', 'app://till/assets/missing.js'],
    ['another host', 'app://other/index.html'],
  ])('when %s is asked for, then it is refused with 404, still under the policy', async (_, url) => {
    const answer = await serve(url);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-security-policy')).toBe(CSP);
    expect(await answer.text()).not.toContain('outside the renderer');
  });

  test('when the page tries to write (POST), then it is refused with 404', async () => {
    expect((await serve('app://till/index.html', 'POST')).status).toBe(404);
  });
});
