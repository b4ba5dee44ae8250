/**
 * Serves the built renderer (terminal/dist) to the till window over `app://till/`, never file://:
 * the scheme is privileged as standard + secure so the renderer has a real, stable origin
 * (IndexedDB, CORS, ES modules via fetch), and every response carries the till's
 * Content-Security-Policy. Requests for anything outside dist (traversal, other hosts) get a 404.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { APP_HOST, APP_SCHEME } from './app-origin.cjs';
import { lookupStaticFile } from './static-files.cjs';

/** Must run before the app is ready (Electron fixes scheme privileges at startup). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

function notFound(csp: string): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'content-security-policy': csp },
  });
}

/** Handles `app://till/…` from `distDir` on the default session. Call once the app is ready. */
export function handleAppProtocol(distDir: string, csp: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound(csp);
    const found = await lookupStaticFile(distDir, url.pathname);
    if (found.status !== 200) return notFound(csp);
    const headers = {
      'content-type': found.contentType,
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    };
    return new Response(request.method === 'HEAD' ? null : await readFile(found.file), { status: 200, headers });
  });
}
