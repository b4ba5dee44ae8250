/**
 * The Content-Security-Policy every response of the till carries (Electron's `app://` protocol and
 * the browser till server alike). The renderer may load only its own files and talk only to its own
 * origin and the configured service origins; nothing inline, no plugins, no framing.
 * Pure, so it is unit-tested without Electron.
 */

/** The origin (scheme://host:port) of an http(s) service URL; throws for anything else. */
export function serviceOrigin(serviceUrl: string): string {
  const url = new URL(serviceUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`a service URL must be http(s), got ${serviceUrl}`);
  }
  return url.origin;
}

/** The policy for a renderer whose only network peers are `serviceUrls` (reduced to their origins). */
export function contentSecurityPolicy(serviceUrls: readonly string[]): string {
  const origins = [...new Set(serviceUrls.map(serviceOrigin))];
  const directives: Record<string, readonly string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'", ...origins],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
