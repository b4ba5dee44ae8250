/**
 * Stores, pairing, device tokens, revocation and rotation (issue 7, point 1), over real HTTP against
 * the three services: POS Core checks its database on every request; Inventory and Payment ask
 * POS Core's introspection and reuse an answer for at most 1 s.
 */
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introspectionVerifier } from '../common/credential-introspection.ts';
import { callService } from '../testing/call-service.ts';
import { createStore, newPairingCode, pair, pairTill } from '../testing/store-fixtures.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ posCore: { tokenRotationGraceMs: 300 } });
}, 60_000);
afterAll(() => stack?.stop());

const get = (service: 'posCore' | 'inventory' | 'payment', path: string, token: string) =>
  callService(stack.urls[service], 'GET', path, { token });

describe('stores and managers', () => {
  it('when the operator creates a store, then its manager token works at every service and is stored only hashed', async () => {
    const { storeId, managerToken } = await createStore(stack, 'Corner shop');
    expect(managerToken).toMatch(/^pos_mgr_[A-Za-z0-9_-]{43}$/);
    expect((await get('posCore', '/v1/orders?terminalId=t-1', managerToken)).status).toBe(200);
    expect((await get('inventory', '/v1/products', managerToken)).status).toBe(200);
    expect((await get('payment', '/v1/payments?orderId=01a2142b-86d5-7edc-8071-a90131350d1b', managerToken)).status).toBe(200);
    const dump = await stack.pools.posCore.query(`SELECT row_to_json(c)::text AS row FROM credentials c WHERE tenant_id = $1`, [storeId]);
    expect(dump.rows).toHaveLength(1);
    expect(dump.rows[0].row).not.toContain(managerToken);
    expect(dump.rows[0].row).not.toContain(managerToken.slice(8));
  });

  it('when anyone but the operator creates a store, then 401 or 403 and no store is made', async () => {
    const before = (await stack.pools.posCore.query('SELECT count(*)::int AS n FROM stores')).rows[0].n;
    expect((await callService(stack.urls.posCore, 'POST', '/v1/stores', { body: { name: 'x' } })).status).toBe(401);
    for (const who of ['manager', 'terminal', 'service'] as const) {
      const answer = await callService(stack.urls.posCore, 'POST', '/v1/stores', { token: stack.tokens[who], body: { name: 'x' } });
      expect(answer.status, who).toBe(403);
    }
    expect((await stack.pools.posCore.query('SELECT count(*)::int AS n FROM stores')).rows[0].n).toBe(before);
  });

  it('when the operator token is used on a store route, then 401: it belongs to no store', async () => {
    expect((await get('posCore', '/v1/orders?terminalId=t-1', stack.tokens.operator)).status).toBe(401);
  });

  it('when the configured demo credentials are used, then they work exactly as before', async () => {
    const order = orderFactory().cash();
    expect([201, 202]).toContain((await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id })).status);
    expect((await stack.call('inventory', 'GET', '/v1/products/p-espresso', { as: 'manager' })).status).toBe(200);
  });
});

describe('pairing', () => {
  it('when a till pairs with a code, then it gets a device token once and the code is spent', async () => {
    const { storeId, managerToken } = await createStore(stack, 'Pairing shop');
    const code = await newPairingCode(stack, managerToken);
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const paired = await pair(stack, code.toLowerCase().replace('-', ' '), 'till-a');
    expect(paired.status).toBe(201);
    expect(paired.body).toMatchObject({ terminalId: 'till-a', storeId });
    expect(paired.body.token).toMatch(/^pos_till_/);
    expect((await get('posCore', '/v1/terminals/till-a/reconciliation', paired.body.token)).status).toBe(200);
    expect((await get('inventory', '/v1/products', paired.body.token)).status).toBe(200);
    const again = await pair(stack, code, 'till-b');
    expect(again.status).toBe(401);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    const stored = await stack.pools.posCore.query(`SELECT row_to_json(p)::text AS row FROM pairing_codes p WHERE tenant_id = $1`, [
      storeId,
    ]);
    expect(stored.rows[0].row).not.toContain(code.replace('-', ''));
  });

  it('when a pairing code has expired, then pairing is refused', async () => {
    const { managerToken } = await createStore(stack, 'Expiry shop');
    const code = await newPairingCode(stack, managerToken);
    await stack.pools.posCore.query(`UPDATE pairing_codes SET expires_at = now() - interval '1 second' WHERE used_at IS NULL`);
    expect((await pair(stack, code, 'till-x')).status).toBe(401);
  });

  it('when a till or nobody asks for a pairing code, then 403 / 401', async () => {
    expect((await callService(stack.urls.posCore, 'POST', '/v1/pairing-codes', { token: stack.tokens.terminal, body: {} })).status).toBe(
      403,
    );
    expect((await callService(stack.urls.posCore, 'POST', '/v1/pairing-codes', { body: {} })).status).toBe(401);
  });
});

describe('revocation', () => {
  it('when a manager revokes a till, then POS Core refuses it at once and Inventory and Payment within the 1 s bound', async () => {
    const { managerToken } = await createStore(stack, 'Revocation shop');
    const token = await pairTill(stack, managerToken, 'till-r');
    // Warm the introspection caches: both services accepted the token a moment ago.
    expect((await get('inventory', '/v1/products', token)).status).toBe(200);
    const revoked = await callService(stack.urls.posCore, 'POST', '/v1/terminals/till-r/revoke', { token: managerToken, body: {} });
    expect(revoked.status).toBe(200);
    const revokedAt = performance.now();
    const atCore = await get('posCore', '/v1/terminals/till-r/reconciliation', token);
    expect(atCore.status).toBe(401);
    expect(atCore.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.credentialRevoked);
    const paymentsPath = '/v1/payments?orderId=01a2142b-86d5-7edc-8071-a90131350d1b';
    await waitUntil(
      async () =>
        (await get('inventory', '/v1/products', token)).status === 401 && (await get('payment', paymentsPath, token)).status === 401,
      'Inventory and Payment refusing the revoked till',
      10_000,
    );
    const elapsed = performance.now() - revokedAt;
    console.info(`revoked till refused by Inventory and Payment ${Math.round(elapsed)} ms after the revocation (bound: 1000 ms cache)`);
    const atInventory = await get('inventory', '/v1/products', token);
    expect(atInventory.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.credentialRevoked);
    const order = orderFactory('till-r').cash();
    expect((await callService(stack.urls.posCore, 'POST', '/v1/orders', { token, body: order, key: order.id })).status).toBe(401);
  });

  it('when Inventory cached a till as valid, then its cache never outlives 1 s after a revocation (introspection clock)', async () => {
    const { managerToken } = await createStore(stack, 'Cache shop');
    const token = await pairTill(stack, managerToken, 'till-c');
    let now = 0;
    const verifier = introspectionVerifier({
      posCoreUrl: () => stack.urls.posCore,
      serviceToken: stack.tokens.service,
      cacheMs: 5_000, // asked for more than the bound: clamped to 1 000
      now: () => now,
    });
    expect(await verifier.verify(token)).toMatchObject({ kind: 'terminal', subject: 'till-c' });
    await callService(stack.urls.posCore, 'POST', '/v1/terminals/till-c/revoke', { token: managerToken, body: {} });
    now = 999;
    expect((await verifier.verify(token))?.revoked).toBeUndefined();
    now = 1_000;
    expect(await verifier.verify(token)).toMatchObject({ revoked: true });
  });

  it('when a revoked till is paired again with a new code, then only the new token works', async () => {
    const { managerToken } = await createStore(stack, 'Re-pair shop');
    const first = await pairTill(stack, managerToken, 'till-p');
    await callService(stack.urls.posCore, 'POST', '/v1/terminals/till-p/revoke', { token: managerToken, body: {} });
    const second = await pairTill(stack, managerToken, 'till-p');
    expect((await get('posCore', '/v1/terminals/till-p/reconciliation', second)).status).toBe(200);
    expect((await get('posCore', '/v1/terminals/till-p/reconciliation', first)).status).toBe(401);
  });
});

describe('rotation', () => {
  it('when a till rotates its token, then the new one works at once and the old one stops after the grace', async () => {
    const { managerToken } = await createStore(stack, 'Rotation shop');
    const old = await pairTill(stack, managerToken, 'till-t');
    const rotated = await callService(stack.urls.posCore, 'POST', '/v1/terminals/till-t/token', { token: old, body: {} });
    expect(rotated.status).toBe(201);
    const fresh = rotated.body.token as string;
    expect(fresh).not.toBe(old);
    expect((await get('posCore', '/v1/terminals/till-t/reconciliation', fresh)).status).toBe(200);
    expect((await get('inventory', '/v1/products', fresh)).status).toBe(200);
    await waitUntil(async () => (await get('posCore', '/v1/terminals/till-t/reconciliation', old)).status === 401, 'the old token to stop');
    expect((await get('posCore', '/v1/terminals/till-t/reconciliation', fresh)).status).toBe(200);
  });

  it("when a manager rotates a till's token, then the till's new token works", async () => {
    const { managerToken } = await createStore(stack, 'Manager rotation shop');
    await pairTill(stack, managerToken, 'till-m');
    const rotated = await callService(stack.urls.posCore, 'POST', '/v1/terminals/till-m/token', { token: managerToken, body: {} });
    expect(rotated.status).toBe(201);
    expect((await get('posCore', '/v1/terminals/till-m/reconciliation', rotated.body.token)).status).toBe(200);
  });
});

describe('introspection', () => {
  it('when anyone but the service credential introspects, then 403 / 401; the service credential itself is never vouched for', async () => {
    const body = { token: stack.tokens.terminal };
    expect(
      (await callService(stack.urls.posCore, 'POST', '/v1/credentials/introspect', { token: stack.tokens.manager, body })).status,
    ).toBe(403);
    expect((await callService(stack.urls.posCore, 'POST', '/v1/credentials/introspect', { body })).status).toBe(401);
    const self = await callService(stack.urls.posCore, 'POST', '/v1/credentials/introspect', {
      token: stack.tokens.service,
      body: { token: stack.tokens.service },
    });
    expect(self.body).toEqual({ active: false });
  });
});
