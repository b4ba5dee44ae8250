/**
 * The browser till's server: serves the built renderer (terminal/dist) on 127.0.0.1 and the till's
 * config at `GET /till-config.json` (what the browser bridge reads instead of Electron's IPC).
 * The same path guard, static lookup (SPA fallback) and Content-Security-Policy as Electron's
 * app:// protocol. Used by the `serve` CLI (serve-till.ts), `open-till.ts`, the dev stack and e2e
 * fixtures, which start it in-process.
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TillConfig } from '@pos/till-core/platform/bridge';
import { contentSecurityPolicy } from '../src/electron/content-security-policy.cts';
import { lookupStaticFile } from '../src/electron/static-files.cts';

export const TILL_CONFIG_PATH = '/till-config.json';

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

function handler(options: TillServerOptions, csp: string) {
  const common = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  const configBody = JSON.stringify(options.config);

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
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
  const handle = handler(options, csp);
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
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
