/**
 * The manager's sign-in: the store manager's token, kept for this browser tab only (sessionStorage).
 * A link may carry it in the URL fragment (`#token=…`, never sent to a server); it is taken from
 * there once and removed from the address bar.
 */
const KEY = 'pos-console-token';

export function takeSessionToken(): string | null {
  const fromFragment = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromFragment) {
    sessionStorage.setItem(KEY, fromFragment);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return fromFragment;
  }
  return sessionStorage.getItem(KEY);
}

export function saveSessionToken(token: string): void {
  sessionStorage.setItem(KEY, token);
}

export function clearSessionToken(): void {
  sessionStorage.removeItem(KEY);
}
