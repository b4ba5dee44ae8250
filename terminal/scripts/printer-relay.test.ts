/** The browser till server's printer relay (`POST /printer/escpos`) against a real TCP printer. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TillConfig } from '@pos/till-core/platform/bridge';
import { startVirtualPrinter, type VirtualPrinter } from '@pos/till-core/testing/virtual-printer';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PRINTER_RELAY_PATH, startTillServer, type TillServer } from './till-server.ts';

const baseConfig: TillConfig = {
  posCoreUrl: 'http://127.0.0.1:4000',
  inventoryUrl: 'http://127.0.0.1:4001',
  terminalId: 'till-under-test',
  token: 'device-token',
};

describe('the printer relay', () => {
  let root: string;
  let printer: VirtualPrinter;
  let server: TillServer;
  let systemServer: TillServer;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'printer-relay-'));
    await mkdir(path.join(root, 'dist'));
    await writeFile(path.join(root, 'dist', 'index.html'), '<!doctype html><title>Till</title>');
    printer = await startVirtualPrinter();
    server = await startTillServer({
      port: 0,
      distDir: path.join(root, 'dist'),
      config: { ...baseConfig, printer: { kind: 'network', host: printer.host, port: printer.port } },
    });
    systemServer = await startTillServer({ port: 0, distDir: path.join(root, 'dist'), config: baseConfig });
  });

  afterAll(async () => {
    await server?.close();
    await systemServer?.close();
    await printer?.close();
    await rm(root, { recursive: true, force: true });
  });

  const post = (
    base: string,
    body: Uint8Array<ArrayBuffer> | string,
    headers: Record<string, string> = { 'content-type': 'application/octet-stream' },
  ) => fetch(`${base}${PRINTER_RELAY_PATH}`, { method: 'POST', headers, body });

  test('when the till page posts a receipt, then the configured printer receives exactly its bytes', async () => {
    const bytes = new Uint8Array([0x1b, 0x40, ...new TextEncoder().encode('Espresso\n'), 0x1d, 0x56, 0x00]);
    const res = await post(server.url, bytes, { 'content-type': 'application/octet-stream', origin: server.url });
    expect(res.status).toBe(204);
    expect(await printer.job(0)).toEqual(bytes);
  });

  test('when the body is empty, mistyped or from another origin, then it is a 400 problem and nothing is printed', async () => {
    const before = printer.jobs.length;
    const answers = [
      await post(server.url, new Uint8Array()),
      await post(server.url, 'Espresso', { 'content-type': 'text/plain' }),
      await post(server.url, new Uint8Array([0x41]), { 'content-type': 'application/octet-stream', origin: 'http://evil.example' }),
      await post(server.url, new Uint8Array(256 * 1024 + 1)),
    ];
    for (const res of answers) {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(((await res.json()) as { status: number }).status).toBe(400);
    }
    expect(printer.jobs.length).toBe(before);
  });

  test('when the till prints on the system printer, then the relay refuses with a 409 problem', async () => {
    const res = await post(systemServer.url, new Uint8Array([0x41]));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { title: string }).title).toBe('No network printer');
  });

  test('when the relay is read with GET, then it is a 405', async () => {
    expect((await fetch(`${server.url}${PRINTER_RELAY_PATH}`)).status).toBe(405);
  });

  test('when the printer is down, then it is a 502 problem', async () => {
    const gone = await startVirtualPrinter();
    await gone.close();
    const down = await startTillServer({
      port: 0,
      distDir: path.join(root, 'dist'),
      config: { ...baseConfig, printer: { kind: 'network', host: gone.host, port: gone.port } },
    });
    try {
      const res = await post(down.url, new Uint8Array([0x41]));
      expect(res.status).toBe(502);
      expect(((await res.json()) as { title: string }).title).toBe('Printer unavailable');
    } finally {
      await down.close();
    }
  });
});
