/**
 * A downstream that answers something POS Core cannot read (a version-skewed Inventory): the answer is
 * parsed with its shared schema, found malformed, and treated as Inventory being unavailable — the
 * order stays pending, POS Core keeps serving, the metric counts it — and once Inventory answers
 * properly again the saga repeats the same step under the same key and the order confirms, with
 * stock taken once. Real services on a real PostgreSQL; between POS Core and Inventory a real HTTP
 * relay that rewrites reservation answers while told to.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForFinalOrder } from '../testing/final-order.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { scrapeMetric } from './scrape-metric.ts';

let stack: TestStack;
let relay: Server;
/** While true, every reservation answer reaches POS Core with a status no version of the protocol has. */
let skewed = false;
const orders = orderFactory();

/** Forwards to Inventory; while `skewed`, rewrites the reservation in answers to reservation calls. */
function startSkewRelay(): Promise<Server> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!stack) {
      res.writeHead(503).end();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (e): e is [string, string] => typeof e[1] === 'string' && !['host', 'content-length', 'connection'].includes(e[0]),
      ),
    );
    let answer: Response;
    let body: string;
    try {
      answer = await fetch(stack.urls.inventory + (req.url ?? '/'), {
        method: req.method,
        headers,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      });
      body = await answer.text();
    } catch {
      // Inventory is gone (the stack is stopping): so is the answer.
      res.destroy();
      return;
    }
    if (skewed && req.url?.startsWith('/v1/reservations') && answer.ok) {
      const parsed = JSON.parse(body) as { reservation: Record<string, unknown> };
      body = JSON.stringify({ reservation: { ...parsed.reservation, status: 'on_hold' } });
    }
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

beforeAll(async () => {
  relay = await startSkewRelay();
  stack = await startTestStack({
    posCore: { inventoryUrl: `http://127.0.0.1:${(relay.address() as AddressInfo).port}`, sagaRetryDeadlineMs: 60_000 },
  });
});
afterAll(async () => {
  await stack?.stop();
  relay.closeAllConnections();
  await new Promise((resolve) => relay.close(resolve));
});

describe('a downstream answer that does not parse', () => {
  it('when Inventory answers a reservation POS Core cannot read, then the order waits as if Inventory were down, and confirms once it reads again', async () => {
    const malformed = async () =>
      (await scrapeMetric(stack.urls.posCore, 'pos_core_downstream_malformed_answers_total', { downstream: 'inventory' })) ?? 0;
    const before = await malformed();
    skewed = true;
    const order = orders.card();
    const submitted = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
    expect(submitted.status).toBe(202);
    expect(submitted.body.order).toMatchObject({ id: order.id, status: 'pending' });
    // The saga records why it waits (on a loaded machine the inline budget may end before it has).
    await waitUntil(
      async () => (await stack.call('posCore', 'GET', `/v1/orders/${order.id}`)).body.order.reason === 'inventory_unavailable',
      'the order waiting for Inventory',
    );
    expect(await malformed()).toBeGreaterThan(before);
    // POS Core is fine: it still answers, the order still waits, and nothing was charged for it.
    expect((await stack.call('posCore', 'GET', `/v1/orders/${order.id}`)).body.order.status).toBe('pending');
    expect((await stack.pools.payment.query('SELECT 1 FROM payments WHERE order_id = $1', [order.id])).rowCount).toBe(0);

    skewed = false;
    expect(await waitForFinalOrder(stack, order.id)).toMatchObject({ status: 'confirmed' });
    const { rows } = await stack.pools.inventory.query('SELECT status FROM reservations WHERE order_id = $1', [order.id]);
    expect(rows).toEqual([{ status: 'committed' }]);
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: [order.id], requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
