/**
 * Abuse limits and HTTP hardening (issue 7, point 4): per-till and per-store token buckets with
 * 429 + Retry-After (a batch is one request; the service credential is never limited), pairing
 * attempts per address, the body-size limit, security headers and CORS for the till's origins only.
 * The Electron Content-Security-Policy is proven by terminal/src/electron/content-security-policy.test.ts.
 */
import { LIMITS } from '@pos/shared/limits';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callService } from '../testing/call-service.ts';
import { pair } from '../testing/store-fixtures.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { OTHER_TERMINAL_ID, startTestStack, type TestStack } from '../testing/test-stack.ts';

const TILL_ORIGIN = 'http://127.0.0.1:4100';
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    rateLimits: { terminal: { perSecond: 0.01, burst: 3 }, store: { perSecond: 0.01, burst: 5 }, pairingPerMinute: 2 },
    corsOrigins: [TILL_ORIGIN],
  });
}, 60_000);
afterAll(() => stack?.stop());

const expectRateLimited = (answer: { status: number; headers: Headers; body: { type?: string } }) => {
  expect(answer.status).toBe(429);
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body.type).toContain('rate-limited');
};

describe('rate limits', () => {
  it('when a till exceeds its bucket, then 429 + Retry-After; then its store’s bucket limits the manager too', async () => {
    for (let i = 0; i < 3; i++) expect((await stack.call('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation')).status).toBe(200);
    expectRateLimited(await stack.call('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation'));
    // The store has 5 at this service (buckets are per process): the till took 3 (its refused call took none), the manager gets 2.
    const managerCall = () => stack.call('posCore', 'GET', '/v1/orders?terminalId=demo-till-1', { as: 'manager' });
    for (let i = 0; i < 2; i++) expect((await managerCall()).status).toBe(200);
    expectRateLimited(await managerCall());
  });

  it('when a till sends a batch of many orders, then it costs one request', async () => {
    const orders = orderFactory(OTHER_TERMINAL_ID);
    const batch = { orders: Array.from({ length: 50 }, () => orders.cash()) };
    const answer = await stack.call('posCore', 'POST', '/v1/orders/batch', { as: 'otherTerminal', body: batch });
    expect(answer.status).toBe(200);
    expect(answer.body.results).toHaveLength(50);
    expect((await stack.call('posCore', 'GET', `/v1/terminals/${OTHER_TERMINAL_ID}/reconciliation`, { as: 'otherTerminal' })).status).toBe(
      200,
    );
    expect((await stack.call('posCore', 'GET', `/v1/terminals/${OTHER_TERMINAL_ID}/reconciliation`, { as: 'otherTerminal' })).status).toBe(
      200,
    );
    expectRateLimited(await stack.call('posCore', 'GET', `/v1/terminals/${OTHER_TERMINAL_ID}/reconciliation`, { as: 'otherTerminal' }));
  });

  it('when the service credential calls often, then it is never limited', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await stack.call('inventory', 'GET', '/v1/products/p-espresso', { as: 'service' })).status).toBe(200);
    }
  });

  it('when one address tries pairing codes too often, then 429 + Retry-After', async () => {
    expect((await pair(stack, 'AAAA-AAAA', 'guess-1')).status).toBe(401);
    expect((await pair(stack, 'AAAA-AAAB', 'guess-1')).status).toBe(401);
    expectRateLimited(await pair(stack, 'AAAA-AAAC', 'guess-1'));
  });
});

describe('HTTP hardening', () => {
  it('when a body is larger than the limit, then 413 problem+json', async () => {
    const answer = await callService(stack.urls.inventory, 'POST', '/v1/products', {
      token: stack.tokens.service,
      headers: { 'Pos-Tenant': 'demo-store' },
      body: JSON.stringify({ name: 'x'.repeat(LIMITS.maxBodyBytes + 1) }),
    });
    expect(answer.status).toBe(413);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
  });

  it('when any service answers, then it sends the security headers', async () => {
    for (const url of Object.values(stack.urls)) {
      for (const path of ['/healthz', '/v1/nothing-here']) {
        const { headers } = await callService(url, 'GET', path);
        expect(headers.get('x-content-type-options')).toBe('nosniff');
        expect(headers.get('x-frame-options')).toBe('DENY');
        expect(headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(headers.get('referrer-policy')).toBe('no-referrer');
        expect(headers.get('cache-control')).toBe('no-store');
        expect(headers.get('x-powered-by')).toBeNull();
      }
    }
  });

  it("when the till's origin calls, then CORS allows it; another origin gets no CORS headers and its preflight 403", async () => {
    const preflight = (origin: string) =>
      fetch(`${stack.urls.posCore}/v1/orders`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    const allowed = await preflight(TILL_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(TILL_ORIGIN);
    const other = await preflight('https://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${stack.urls.posCore}/healthz`, { headers: { Origin: 'https://evil.example' } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});
