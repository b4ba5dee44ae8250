/**
 * The path-traversal guard of both static servers of the till (the `app://` protocol in Electron and
 * the browser till server): a request path may only ever name a file inside the served root.
 * Pure (node:path only), so it is unit-tested without Electron.
 */
import path from 'node:path';

/**
 * Maps the pathname of a request URL (still percent-encoded, as in `new URL(...).pathname`) to an
 * absolute path inside `root`, or returns null when it is not a safe path inside root: malformed
 * percent-encoding, NUL bytes, backslashes, absolute paths (`//etc`, `/C:/…`) and any `..` that
 * would leave root — also when it arrives encoded (`%2e%2e%2f`). The root itself maps to root.
 */
export function resolveInsideRoot(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  if (path.posix.isAbsolute(relative) || path.win32.isAbsolute(relative) || /^[a-zA-Z]:/.test(relative)) return null;

  const absoluteRoot = path.resolve(root);
  const resolved = path.resolve(absoluteRoot, relative);
  const inside = path.relative(absoluteRoot, resolved);
  if (inside === '') return absoluteRoot;
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return null;
  return resolved;
}
