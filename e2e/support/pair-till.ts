/**
 * A second (third…) till of the demo store for a test: paired through the real API (a manager's
 * pairing code, then `POST /v1/pairing`), and a browser context in which the till's web build runs as
 * that till — its `/till-config.json` answered with the new terminal id and device token (the till
 * server of the stack serves the demo till's; a till of another id needs its own configuration).
 */
import type { BrowserContext } from '@playwright/test';
import type { Stack } from './stack.ts';

/** Pairs `terminalId` in the store of `managerToken` (default: the demo store's manager). */
export async function pairTill(stack: Stack, terminalId: string, managerToken = stack.tokens.manager): Promise<string> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${stack.urls['pos-core']}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    if (res.status !== 201) throw new Error(`POST ${path} → ${res.status} ${await res.text()}`);
    return res.json();
  };
  const { code } = await post('/v1/pairing-codes', {}, managerToken);
  const { token } = await post('/v1/pairing', { code, terminalId });
  return token;
}

/** Makes every till page of `context` run as `terminalId` with `token` (none: the till shows its pairing screen). */
export async function runAsTill(context: BrowserContext, stack: Stack, terminalId: string, token?: string): Promise<void> {
  await context.route('**/till-config.json', (route) =>
    route.fulfill({
      json: { posCoreUrl: stack.urls['pos-core'], inventoryUrl: stack.urls.inventory, terminalId, ...(token ? { token } : {}) },
    }),
  );
}
