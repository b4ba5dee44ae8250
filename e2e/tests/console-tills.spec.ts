/**
 * Issue 17 (5): tills from the manager's console. The manager makes a pairing code; a new till pairs
 * with it (`POST /v1/pairing`, as its pairing screen does; the browser build reads its token from its
 * configuration) and sells. The manager asks for a token rotation: the till rotates its
 * token itself (it is never paired again) and its next requests carry the new token; a sale still
 * confirms. The manager revokes the till: it is refused and keeps its sale unsynced.
 */
import { ConsolePage } from '../pages/console-page.ts';
import { TillPage } from '../pages/till-page.ts';
import { expect, test } from '../support/fixtures.ts';
import { runAsTill } from '../support/pair-till.ts';

const TILL = 'console-till-paired';

test('when the manager pairs, rotates and revokes a till from the console, then the till follows without being paired again', async ({
  browser,
  page,
  api,
  stack,
}) => {
  test.setTimeout(180_000);
  const manager = await ConsolePage.signIn(page, stack.urls.console, stack.tokens.manager);
  await manager.open('tills');
  await page.getByTestId('new-pairing-code').click();
  const code = (await page.getByTestId('pairing-code').textContent())!;
  expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  const pairing = await fetch(`${stack.urls['pos-core']}/v1/pairing`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ code, terminalId: TILL }),
  });
  expect(pairing.status).toBe(201);
  const pairedToken = ((await pairing.json()) as { token: string }).token;
  const context = await browser.newContext();
  await runAsTill(context, stack, TILL, pairedToken);
  const tokensSent = new Set<string>();
  context.on('request', (request) => {
    const auth = request.headers().authorization;
    if (request.url().startsWith(stack.urls['pos-core']) && auth) tokensSent.add(auth.replace('Bearer ', ''));
  });
  const tillPage = await context.newPage();
  const till = await TillPage.open(tillPage, stack.urls.till);
  const sell = async () => {
    await till.search('p-espresso');
    await till.addProduct('p-espresso');
    await till.payCash(10_000);
    await till.waitForLastOrderStatus('confirmed');
  };
  await sell();
  expect([...tokensSent]).toEqual([pairedToken]);

  const row = page.locator(`[data-testid="till-admin-row"][data-terminal-id="${TILL}"]`);
  await expect(row.getByTestId('till-state')).toHaveText('active');
  await row.getByTestId('till-rotate').click();
  // The till rotates on the event; the console shows the request spent.
  await expect(row.getByTestId('till-state')).toHaveText('active', { timeout: 30_000 });
  await expect.poll(() => tokensSent.size, { timeout: 30_000 }).toBe(2);
  const rotatedToken = [...tokensSent].find((t) => t !== pairedToken)!;
  await sell();
  await expect(tillPage.getByTestId('pairing-screen')).toHaveCount(0);
  // After the rotation's grace the paired token would stop; the rotated one works now.
  const withRotated = await fetch(`${stack.urls['pos-core']}/v1/terminals/${TILL}/reconciliation`, {
    headers: { Authorization: `Bearer ${rotatedToken}` },
  });
  expect(withRotated.status).toBe(200);

  page.once('dialog', (dialog) => void dialog.accept());
  await row.getByTestId('till-revoke').click();
  await expect(row).toHaveAttribute('data-revoked', 'true');
  const afterRevoke = await fetch(`${stack.urls['pos-core']}/v1/terminals/${TILL}/reconciliation`, {
    headers: { Authorization: `Bearer ${rotatedToken}` },
  });
  expect(afterRevoke.status).toBe(401);
  expect((await api.ordersOfTerminal(TILL)).filter((o) => o.status === 'confirmed')).toHaveLength(2);
  await context.close();
});
