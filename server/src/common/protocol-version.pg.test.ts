/**
 * The protocol version on the wire (DESIGN §4, shared/src/protocol.ts), against the real stack: every
 * answer of every service names it; a request naming another major version, or something that is not
 * a version, is a 400 problem+json that changes nothing; a request without the header, or naming
 * another minor of the same major, is served as before (old callers and curl keep working).
 */
import { HEADERS } from '@pos/shared/http';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { PROTOCOL_VERSION } from '@pos/shared/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';

let stack: TestStack;
const orders = orderFactory();
const [major] = PROTOCOL_VERSION.split('.');
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const countOrders = async (id: string) => (await stack.pools.posCore.query('SELECT 1 FROM orders WHERE id = $1', [id])).rowCount;

describe('Pos-Protocol', () => {
  it('when any service answers, then the answer names the protocol version (errors and health too)', async () => {
    const answers = await Promise.all([
      stack.call('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation'),
      stack.call('inventory', 'GET', '/v1/products'),
      stack.call('payment', 'GET', '/v1/payments', { as: 'manager' }),
      stack.call('posCore', 'GET', '/v1/orders/not-an-id'),
      stack.call('inventory', 'GET', '/healthz', { as: null }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 400, 200]);
    for (const answer of answers) expect(answer.headers.get(HEADERS.protocol)).toBe(PROTOCOL_VERSION);
  });

  it('when an order names another major version, then 400 unsupported-protocol problem+json and nothing is recorded', async () => {
    const order = orders.cash();
    const res = await stack.call('posCore', 'POST', '/v1/orders', {
      body: order,
      key: order.id,
      headers: { [HEADERS.protocol]: `${Number(major) + 1}.0` },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body).toMatchObject({
      type: PROBLEM_TYPE_BASE + PROBLEM_TYPES.unsupportedProtocol,
      status: 400,
      errors: [{ path: HEADERS.protocol }],
    });
    expect(res.body.detail).toContain(PROTOCOL_VERSION);
    expect(await countOrders(order.id)).toBe(0);
  });

  it('when the header is not a version, then 400 unsupported-protocol on every service, before authentication', async () => {
    for (const service of ['posCore', 'inventory', 'payment'] as const) {
      const res = await stack.call(service, 'GET', '/v1/events', { as: null, headers: { [HEADERS.protocol]: 'latest' } });
      expect(res.status).toBe(400);
      expect(res.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.unsupportedProtocol);
    }
  });

  it('when a request has no header, or names another minor of the same major, then it is served', async () => {
    const plain = orders.cash();
    expect((await stack.call('posCore', 'POST', '/v1/orders', { body: plain, key: plain.id })).status).toBeLessThan(300);
    const minor = orders.cash();
    const res = await stack.call('posCore', 'POST', '/v1/orders', {
      body: minor,
      key: minor.id,
      headers: { [HEADERS.protocol]: `${major}.99` },
    });
    expect(res.status).toBeLessThan(300);
    expect(await countOrders(minor.id)).toBe(1);
  });
});
