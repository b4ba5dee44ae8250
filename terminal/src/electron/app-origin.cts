/**
 * The origin the till's renderer is served from inside Electron: `app://till/`. It is a privileged,
 * standard, secure scheme (see app-protocol.cts), so the renderer gets a real origin of its own for
 * IndexedDB and CORS (POS_CORS_ORIGINS includes `app://till` by default).
 *
 * Node's URL does not know custom standard schemes (its `origin` is "null" for them), so checks
 * compare protocol and host instead.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'till';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the till window opens. */
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs of the till itself (app://till/…), the only place its windows may navigate to. */
export function isAppUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/** True for http(s) links, the only links the till hands to the system browser. */
export function isExternalWebUrl(url: string): boolean {
  const parsed = parse(url);
  return parsed !== null && (parsed.protocol === 'http:' || parsed.protocol === 'https:');
}
