/**
 * The browser till's server: serves the built renderer (terminal/dist) on 127.0.0.1, the till's
 * config at `GET /till-config.json` (what the browser bridge reads instead of Electron's IPC), and
 * relays receipts to the configured network printer at `POST /printer/escpos` (a page cannot open a
 * TCP socket; Electron's main process sends itself).
 * The same path guard, static lookup (SPA fallback) and Content-Security-Policy as Electron's
 * app:// protocol. Used by the `serve` CLI (serve-till.ts), `open-till.ts`, the dev stack and e2e
 * fixtures, which start it in-process.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TillConfig } from '@pos/till-core/platform/bridge';
import { contentSecurityPolicy } from '../src/electron/content-security-policy.cts';
import { MAX_PRINT_JOB_BYTES, sendToPrinter } from '../src/electron/network-printer.cts';
import { lookupStaticFile } from '../src/electron/static-files.cts';

export const TILL_CONFIG_PATH = '/till-config.json';
export const PRINTER_RELAY_PATH = '/printer/escpos';

export interface TillServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Defaults to 127.0.0.1: the till server is for this machine only. */
  host?: string;
  /** The built renderer (terminal/dist). */
  distDir: string;
  config: TillConfig;
}

export interface TillServer {
  /** e.g. http://127.0.0.1:4100 (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, headers);
  res.end(body);
}

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  send(res, status, { 'content-type': 'application/problem+json' }, JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/** The request's body, or null once it passed `limit` bytes (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * `POST /printer/escpos` (body: the receipt's ESC/POS bytes, application/octet-stream) → 204 once the
 * configured network printer took them. It sends only to that printer, whatever the request says: 409
 * when none is configured, 400 for an empty, oversized or mistyped body or a foreign Origin (the
 * content type also makes a cross-site request need a preflight this server never grants), 502 when
 * the printer did not take it. Every refusal is problem+json.
 */
async function relayToPrinter(options: TillServerOptions, origin: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const printer = options.config.printer;
  if (req.headers.origin !== undefined && req.headers.origin !== origin) {
    problem(res, 400, 'Foreign origin', 'Only the till page may print.');
    return;
  }
  if ((req.headers['content-type'] ?? '').split(';')[0]?.trim() !== 'application/octet-stream') {
    problem(res, 400, 'Bad print job', 'The body must be the receipt as application/octet-stream.');
    return;
  }
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > MAX_PRINT_JOB_BYTES) {
    problem(res, 400, 'Bad print job', `A print job is at most ${MAX_PRINT_JOB_BYTES} bytes.`);
    return;
  }
  const body = await readBody(req, MAX_PRINT_JOB_BYTES);
  if (body === null || body.length === 0) {
    problem(res, 400, 'Bad print job', `A print job is 1 to ${MAX_PRINT_JOB_BYTES} bytes.`);
    return;
  }
  if (printer?.kind !== 'network') {
    problem(res, 409, 'No network printer', 'This till prints on the system printer (TILL_PRINTER is not host:port).');
    return;
  }
  try {
    await sendToPrinter(printer, body);
  } catch (error) {
    problem(res, 502, 'Printer unavailable', (error as Error).message);
    return;
  }
  res.writeHead(204);
  res.end();
}

function handler(options: TillServerOptions, csp: string, origin: () => string) {
  const common = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  const configBody = JSON.stringify(options.config);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === PRINTER_RELAY_PATH) {
      if (req.method === 'POST') await relayToPrinter(options, origin(), req, res);
      else send(res, 405, { ...common, allow: 'POST', 'content-type': 'text/plain; charset=utf-8' }, 'Method not allowed');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { ...common, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }, 'Method not allowed');
      return;
    }
    // Only the pathname matters; the raw target keeps its percent-encoding for the path guard.
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === TILL_CONFIG_PATH) {
      send(res, 200, { ...common, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }, configBody);
      return;
    }
    const found = await lookupStaticFile(options.distDir, pathname);
    if (found.status !== 200) {
      const message = found.status === 400 ? 'Bad request' : 'Not found';
      send(res, found.status, { ...common, 'content-type': 'text/plain; charset=utf-8' }, message);
      return;
    }
    res.writeHead(200, { ...common, 'content-type': found.contentType, 'cache-control': 'no-cache' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

/** Starts the till server; resolves once it listens. */
export async function startTillServer(options: TillServerOptions): Promise<TillServer> {
  const host = options.host ?? '127.0.0.1';
  const csp = contentSecurityPolicy([options.config.posCoreUrl, options.config.inventoryUrl]);
  let origin = '';
  const handle = handler(options, csp, () => origin);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, { 'content-type': 'text/plain; charset=utf-8' }, 'Internal error');
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${host}:${port}`;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
