import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleServer, startConsoleServer } from './console-server.ts';

let dist: string;
let server: ConsoleServer;
beforeAll(async () => {
  dist = mkdtempSync(path.join(tmpdir(), 'console-dist-'));
  mkdirSync(path.join(dist, 'assets'));
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(dist, '..', 'secret.txt'), 'not served');
  server = await startConsoleServer({
    port: 0,
    distDir: dist,
    config: { posCoreUrl: 'http://127.0.0.1:4000', inventoryUrl: 'http://127.0.0.1:4001' },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dist, { recursive: true, force: true });
  rmSync(path.join(dist, '..', 'secret.txt'), { force: true });
});

describe('the console server', () => {
  it('when the app asks for its configuration, then it gets where POS Core and Inventory are, uncached', async () => {
    const res = await fetch(`${server.url}/console-config.json`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ posCoreUrl: 'http://127.0.0.1:4000', inventoryUrl: 'http://127.0.0.1:4001' });
  });

  it('when a built file is asked for, then it is served with its type and a CSP limited to the two services', async () => {
    const res = await fetch(`${server.url}/assets/app.js`);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await res.text()).toBe('console.log(1)');
    expect(res.headers.get('content-security-policy')).toContain("connect-src 'self' http://127.0.0.1:4000 http://127.0.0.1:4001");
  });

  it('when any other path is asked for, then the app is answered and nothing outside the build is reachable', async () => {
    for (const target of ['/orders', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const res = await fetch(`${server.url}${target}`);
      expect(res.status, target).toBe(200);
      expect(await res.text(), target).toBe('<!doctype html><title>console</title>');
    }
  });

  it('when another method is used, then 405', async () => {
    expect((await fetch(`${server.url}/`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
