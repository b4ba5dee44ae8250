/**
 * What a static request for the till's built renderer (terminal/dist) answers, shared by Electron's
 * `app://` protocol and the browser till server. The renderer is a single-page app: a path without a
 * file extension that names no file is a client route and gets index.html; a missing asset is a 404.
 * Node-only (no Electron), so it is unit-tested directly.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { resolveInsideRoot } from './path-guard.cjs';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The Content-Type of a file by its extension; unknown files are opaque bytes. */
export function contentTypeOf(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { status: 200; file: string; contentType: string }
  /** 400: the path tries to leave the root (traversal, encoded or absolute); 404: nothing there. */
  | { status: 400 | 404 };

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Finds the file answering `pathname` (a URL pathname, still percent-encoded) inside `root`. */
export async function lookupStaticFile(root: string, pathname: string): Promise<StaticLookup> {
  const resolved = resolveInsideRoot(root, pathname);
  if (resolved === null) return { status: 400 };
  if (await isFile(resolved)) return { status: 200, file: resolved, contentType: contentTypeOf(resolved) };

  const index = path.join(path.resolve(root), 'index.html');
  const isClientRoute = path.extname(resolved) === '';
  if (isClientRoute && (await isFile(index))) return { status: 200, file: index, contentType: contentTypeOf(index) };
  return { status: 404 };
}
