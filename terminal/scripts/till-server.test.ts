import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TillConfig } from '@pos/till-core/platform/bridge';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTillServer, TILL_CONFIG_PATH, type TillServer } from './till-server.ts';

const config: TillConfig = {
  posCoreUrl: 'http://127.0.0.1:4000',
  inventoryUrl: 'http://127.0.0.1:4001',
  terminalId: 'till-under-test',
  token: 'device-token',
};

/** A GET with the raw request target as given: fetch() would normalise `..` and `%2e%2e` away. */
function get(
  url: string,
  target: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const req = request({ hostname, port, path: target, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('startTillServer', () => {
  let root: string;
  let server: TillServer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'till-server-'));
    const dist = path.join(root, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Till</title><div id="root"></div>');
    await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log("till")');
    await writeFile(path.join(root, 'secret.txt'), 'outside dist');
    server = await startTillServer({ port: 0, distDir: dist, config });
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  test('when it starts on port 0, then it listens on 127.0.0.1 at a real port', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  test('when the till is opened, then index.html is served as HTML with the CSP', async () => {
    const res = await get(server.url, '/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['content-security-policy']).toContain("connect-src 'self' http://127.0.0.1:4000 http://127.0.0.1:4001");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  test('when an asset is requested, then it is served with its content type', async () => {
    const res = await get(server.url, '/assets/app.js?v=1');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.body).toBe('console.log("till")');
  });

  test('when a client route is requested, then index.html is served (SPA fallback)', async () => {
    const res = await get(server.url, '/sales/history');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<div id="root">');
  });

  test('when a missing asset is requested, then it is a 404, not index.html', async () => {
    const res = await get(server.url, '/assets/missing.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-security-policy']).toBeDefined();
  });

  test('when the till asks for its config, then it gets the TillConfig it was started with', async () => {
    const res = await get(server.url, TILL_CONFIG_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(JSON.parse(res.body)).toEqual(config);
  });

  test.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/..%5csecret.txt',
    '//etc/passwd',
    '/index.html%00.js',
  ])('when a request tries to leave dist (%s), then it is refused', async (target) => {
    const res = await get(server.url, target);
    expect([400, 404]).toContain(res.status);
    expect(res.body).not.toContain('outside dist');
  });

  test('when a method other than GET or HEAD is used, then it is refused', async () => {
    const res = await new Promise<number>((resolve, reject) => {
      const { hostname, port } = new URL(server.url);
      const req = request({ hostname, port, path: '/', method: 'POST' }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(res).toBe(405);
  });
});
