/**
 * The console's server: serves the built app (console/dist) on 127.0.0.1 and its configuration at
 * `GET /console-config.json` ({ posCoreUrl, inventoryUrl }: where the app's API calls go). Only the
 * files the build produced are served (listed once at start, so no request path can reach anything
 * else); any other GET path answers the app (index.html). The manager signs in in the app: this
 * server holds no credential.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const CONSOLE_CONFIG_PATH = '/console-config.json';

export interface ConsoleConfig {
  posCoreUrl: string;
  inventoryUrl: string;
}

export interface ConsoleServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  distDir: string;
  config: ConsoleConfig;
}

export interface ConsoleServer {
  url: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
};

/** Every file of the build by its URL path ("/assets/index-abc.js"), read into memory (a few hundred KB). */
function builtFiles(distDir: string): Map<string, { type: string; body: Buffer }> {
  const files = new Map<string, { type: string; body: Buffer }>();
  for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const urlPath = `/${path.relative(distDir, file).split(path.sep).join('/')}`;
    files.set(urlPath, { type: TYPES[path.extname(file)] ?? 'application/octet-stream', body: readFileSync(file) });
  }
  return files;
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const host = options.host ?? '127.0.0.1';
  const files = builtFiles(options.distDir);
  const app = files.get('/index.html');
  if (!app) throw new Error(`The console is not built (${options.distDir} has no index.html): run pnpm --filter @pos/console build`);
  const csp = [
    "default-src 'self'",
    `connect-src 'self' ${options.config.posCoreUrl} ${options.config.inventoryUrl}`,
    "img-src 'self' data:",
    "style-src 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const common = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  const configBody = JSON.stringify(options.config);
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...common, allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed');
      return;
    }
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    if (pathname === CONSOLE_CONFIG_PATH) {
      res.writeHead(200, { ...common, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : configBody);
      return;
    }
    const file = files.get(pathname) ?? app;
    res.writeHead(200, { ...common, 'content-type': file.type, 'cache-control': 'no-cache' });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  };
  const server = createServer(handle);
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
