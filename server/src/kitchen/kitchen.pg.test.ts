/**
 * The kitchen service end to end on both event-bus transports: real POS Core, Inventory and Payment
 * on real PostgreSQL (and a real Redis), orders submitted over HTTP, tickets read from the kitchen's API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../stack/redis-server.ts';
import { stackSources, startTestConsumer, type TestConsumer } from '../testing/start-test-consumer.ts';
import { submitOrder } from '../testing/submit-order.ts';
import { type OrderFactory, orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { kitchenService } from './service.ts';

const TOASTIE = { productId: 'p-toastie', unitPrice: 590, taxRateBps: 1900 };
const ICED_LATTE = { productId: 'p-iced-latte', unitPrice: 410, taxRateBps: 1900 };
const ESPRESSO = { productId: 'p-espresso', unitPrice: 250, taxRateBps: 1900 };

describe.each(['postgres', 'redis'] as const)('kitchen on %s', (transport) => {
  let redis: RedisServer | null = null;
  let stack: TestStack;
  let kitchen: TestConsumer;
  let orders: OrderFactory;

  beforeAll(async () => {
    redis = transport === 'redis' ? await startRedisServer() : null;
    stack = await startTestStack(redis ? { redisUrl: redis.url } : {});
    kitchen = await startTestConsumer(stack, 'kitchen', (db) =>
      kitchenService({ databaseUrl: db.url, redisUrl: redis?.url, sourceUrls: stackSources(stack), takeOverMs: 2_000 }),
    );
    orders = orderFactory();
  });
  afterAll(async () => {
    await kitchen?.stop();
    await stack?.stop();
    await redis?.stop();
  });

  const submit = (body: { id: string }) => submitOrder(stack, body);
  const board = async () => (await kitchen.call('GET', '/v1/tickets')).body;
  const ticketOf = async (orderId: string) =>
    (await kitchen.db.pool.query('SELECT status FROM kitchen_tickets WHERE order_id = $1', [orderId])).rows.map((r) => r.status);

  it('when an order with café lines is confirmed, then it becomes one open ticket with just those lines, oldest first', async () => {
    const plain = await submit(orders.cash([{ product: ESPRESSO }]));
    const first = await submit(orders.cash([{ product: TOASTIE, quantity: 2 }, { product: ESPRESSO }]));
    const second = await submit(orders.cash([{ product: ICED_LATTE }]));
    expect([first.status, second.status, plain.status]).toEqual(['confirmed', 'confirmed', 'confirmed']);
    const open = await waitUntil(async () => {
      const b = await board();
      return b.open.length >= 2 && b.open;
    }, 'two open tickets');
    expect(open.map((t: { orderId: string }) => t.orderId)).toEqual([first.id, second.id]);
    expect(open[0]).toMatchObject({
      terminalId: 'demo-till-1',
      seq: first.seq,
      status: 'open',
      items: [{ productId: 'p-toastie', name: 'Ham & Cheese Toastie', quantity: 2, station: 'kitchen' }],
      bumpedAt: null,
    });
    expect(open[1].items).toEqual([{ productId: 'p-iced-latte', name: 'Iced Latte', quantity: 1, station: 'bar' }]);
    // The espresso-only order came first (its events are before the others' in the feed): no ticket.
    expect(await ticketOf(plain.id)).toEqual([]);
  });

  it('when a ticket is bumped, then it leaves the board and is the last bumped; recall brings it back; both are idempotent', async () => {
    const order = await submit(orders.cash([{ product: TOASTIE }]));
    await waitUntil(async () => (await ticketOf(order.id)).length === 1, 'the ticket');
    const bumped = await kitchen.call('POST', `/v1/tickets/${order.id}/bump`);
    expect(bumped.status).toBe(200);
    expect(bumped.body.ticket.status).toBe('bumped');
    const again = await kitchen.call('POST', `/v1/tickets/${order.id}/bump`, 'terminal');
    expect(again.status).toBe(200);
    expect(again.body.ticket.bumpedAt).toBe(bumped.body.ticket.bumpedAt);
    let b = await board();
    expect(b.open.map((t: { orderId: string }) => t.orderId)).not.toContain(order.id);
    expect(b.lastBumped.orderId).toBe(order.id);
    expect((await kitchen.call('POST', `/v1/tickets/${order.id}/recall`)).status).toBe(200);
    expect((await kitchen.call('POST', `/v1/tickets/${order.id}/recall`)).body.ticket.status).toBe('open');
    b = await board();
    expect(b.open.map((t: { orderId: string }) => t.orderId)).toContain(order.id);
  });

  it('when another store, no token or a bad path asks, then 404, 401, 400 — and nothing changes', async () => {
    const order = await submit(orders.cash([{ product: TOASTIE }]));
    await waitUntil(async () => (await ticketOf(order.id)).length === 1, 'the ticket');
    expect((await kitchen.call('POST', `/v1/tickets/${order.id}/bump`, 'otherManager')).status).toBe(404);
    expect((await kitchen.call('GET', '/v1/tickets', 'otherManager')).body).toEqual({ open: [], lastBumped: null });
    expect((await kitchen.call('POST', `/v1/tickets/${order.id}/bump`, null)).status).toBe(401);
    expect((await kitchen.call('POST', `/v1/tickets/${'x'.repeat(65)}/bump`)).status).toBe(400);
    expect((await kitchen.call('GET', '/v1/tickets?page=2')).status).toBe(400);
    expect(await ticketOf(order.id)).toEqual(['open']);
  });

  it('when a card order stays pending and is cancelled, then it never has a live ticket', async () => {
    const order = await submit(orders.card('tok_processor_timeout', [{ product: TOASTIE }]));
    expect(order.status).toBe('pending');
    const cancel = await stack.call('posCore', 'POST', `/v1/orders/${order.id}/cancel`, { as: 'manager' });
    expect([200, 202]).toContain(cancel.status);
    await waitUntil(
      async () =>
        (await kitchen.db.pool.query('SELECT 1 FROM kitchen_orders WHERE order_id = $1 AND voided', [order.id])).rows.length === 1,
      'the kitchen to learn of the cancel',
    );
    expect(await ticketOf(order.id)).toEqual([]);
  });

  it('when the display follows the live feed, then a new ticket arrives as a board message', async () => {
    const controller = new AbortController();
    const res = await fetch(`${kitchen.url}/v1/tickets/stream`, {
      headers: { Authorization: `Bearer ${stack.tokens.manager}` },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = (res.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    const order = await submit(orders.cash([{ product: ICED_LATTE, quantity: 3 }]));
    let text = '';
    while (!text.includes(order.id)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
    controller.abort();
    expect(text).toContain('event: board');
    expect(text).toContain(order.id);
  });

  it('serves the kitchen display page with its own script and a CSP that allows only this origin', async () => {
    const page = await fetch(`${kitchen.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/display/display.js');
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const metrics = await (await fetch(`${kitchen.url}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`bus_consumer_events_total\\{[^}]*transport="${transport}"`));
    expect(metrics).toMatch(/bus_consumer_lag_events/);
    if (transport === 'redis') {
      const relay = await (await fetch(`${stack.urls.posCore}/metrics`)).text();
      expect(relay).toMatch(/bus_relay_published_total\{[^}]*\} [1-9]/);
      expect(relay).toMatch(/bus_relay_lag_events/);
    }
  });
});
