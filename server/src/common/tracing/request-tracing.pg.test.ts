/**
 * Correlation, saga step and the access log across the three real services (issue #19 §2), and the
 * Lamport time every answer carries (§1): one card sale through POS Core, Inventory and Payment
 * in-process, every log line captured.
 */
import { Writable } from 'node:stream';
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { HEADERS } from '@pos/shared/http';
import { uuidv7 } from '@pos/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForFinalOrder } from '../../testing/final-order.ts';
import { orderFactory } from '../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';

interface Line {
  service: string;
  msg: string;
  lamport: number;
  [field: string]: unknown;
}
const raw: string[] = [];
const capture = new Writable({
  write(chunk, _encoding, done) {
    raw.push(...String(chunk).split('\n').filter(Boolean));
    done();
  },
});
const lines = (): Line[] => raw.map((l) => JSON.parse(l) as Line);

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ logDestination: capture });
}, 60_000);
afterAll(() => stack?.stop());

describe('correlation, saga step and access log', () => {
  it('when a till sells by card, then every service logs one access line per request and each line names store, order, service and step', async () => {
    const order = orderFactory().card('tok_visa');
    const requestId = uuidv7();
    const answer = await stack.call('posCore', 'POST', '/v1/orders', {
      body: order,
      key: order.id,
      headers: { [HEADERS.correlationId]: requestId },
    });
    expect([201, 202]).toContain(answer.status);
    expect(answer.headers.get(HEADERS.correlationId)).toBe(requestId);
    const answeredAt = Number(answer.headers.get(HEADERS.lamport));
    expect(answeredAt).toBeGreaterThan(0);
    await waitForFinalOrder(stack, order.id);

    // The till's request: one access line, with its request id, store and order.
    const tillRequest = lines().filter((l) => l.msg === 'request' && l.correlationId === requestId);
    expect(tillRequest).toHaveLength(1);
    expect(tillRequest[0]).toMatchObject({
      service: 'pos-core',
      method: 'POST',
      route: '/v1/orders',
      status: answer.status,
      caller: 'terminal',
      storeId: DEMO_TENANT_ID,
      orderId: order.id,
      lamport: answeredAt,
    });
    expect(typeof tillRequest[0]!.durationMs).toBe('number');

    // Each saga call, as the receiver logged it: one access line per step, naming the step and the order.
    const received = (service: string, step: string) =>
      lines().filter((l) => l.service === service && l.msg === 'request' && l.step === step && l.orderId === order.id);
    for (const [service, step, route] of [
      ['inventory', 'reserve', '/v1/reservations'],
      ['payment', 'authorize', '/v1/payments'],
      ['inventory', 'commit', '/v1/reservations/:orderId/commit'],
    ] as const) {
      const found = received(service, step);
      expect(found, `${service} ${step}`).toHaveLength(1);
      expect(found[0]).toMatchObject({ method: 'POST', route, caller: 'service', storeId: DEMO_TENANT_ID, correlationId: order.id });
      expect([200, 201]).toContain(found[0]!.status);
    }
    // One card: the authorize call charged it; no capture call was made.
    expect(lines().filter((l) => l.service === 'payment' && l.msg === 'request' && l.orderId === order.id)).toHaveLength(1);

    // The caller's side of each step: logged after the answer's time was observed (causal order).
    const stepLines = lines().filter((l) => l.orderId === order.id && l.step !== undefined);
    for (const step of ['reserve', 'authorize', 'commit']) {
      const sent = lines().find(
        (l) => l.service === 'pos-core' && l.msg === 'downstream answered' && l.step === step && l.orderId === order.id,
      );
      expect(sent, step).toMatchObject({ storeId: DEMO_TENANT_ID, outcome: 'ok' });
      const handled = stepLines.find((l) => l.service !== 'pos-core' && l.msg === 'request' && l.step === step)!;
      expect(handled.lamport).toBeGreaterThan(sent!.sentLamport as number);
      expect(sent!.lamport).toBeGreaterThan(handled.lamport);
    }
    // Every line the saga logged on any service names the store and the order.
    for (const l of lines().filter((x) => x.correlationId === order.id))
      expect(l).toMatchObject({ storeId: DEMO_TENANT_ID, orderId: order.id });
  });

  it('when a request carries a card number, a token and a card token, then no log line holds any of them', async () => {
    const pan = '4242424242424242';
    const orders = orderFactory(undefined, 100);
    const withCardNumber = { ...orders.card('tok_visa'), cardNumber: pan };
    const refused = await stack.call('posCore', 'POST', '/v1/orders', {
      body: withCardNumber,
      key: withCardNumber.id,
      headers: { [HEADERS.correlationId]: pan },
    });
    expect(refused.status).toBe(400);
    // A correlation id that is no UUID is replaced, not echoed.
    expect(refused.headers.get(HEADERS.correlationId)).not.toBe(pan);
    const secretToken = 'tok_secret_marker_7f3a';
    const accepted = orders.card(secretToken);
    await stack.call('posCore', 'POST', '/v1/orders', { body: accepted, key: accepted.id });
    await stack.call('posCore', 'GET', `/v1/orders?terminalId=${pan}&token=${stack.tokens.terminal}`);

    const all = raw.join('\n');
    expect(all).toContain(accepted.id);
    expect(all).not.toContain(pan);
    expect(all).not.toContain(secretToken);
    for (const token of Object.values(stack.tokens)) expect(all).not.toContain(token);
    const access = lines().filter((l) => l.msg === 'request' && l.service === 'pos-core' && l.route === '/v1/orders');
    expect(access.length).toBeGreaterThanOrEqual(3);
    for (const l of access) expect(Object.keys(l)).not.toContain('body');
  });
});
