/**
 * Faults between POS Core and its downstreams (DESIGN §6, fault injection), with fault proxies in
 * front of Inventory and Payment: an answer lost after the side effect happened (the seed story:
 * Inventory restarted between committing and answering), a lost charge or capture answer, and a downstream
 * outage that opens the circuit breaker — seen by scraping GET /metrics — and closes it after a
 * half-open probe. Each test ends with the G1–G3 checker.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultProxy } from '../testing/fault-proxy.ts';
import { waitForFinalOrder } from '../testing/final-order.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { CROISSANT, orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { scrapeMetric } from './scrape-metric.ts';

let stack: TestStack;
let inventoryLink: FaultProxy;
let paymentLink: FaultProxy;
const orders = orderFactory();
const recorded: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    faultProxies: ['inventory', 'payment'],
    // Longer than any outage below: an online order must confirm, not compensate.
    posCore: { sagaRetryDeadlineMs: 60_000, downstreamTimeoutMs: 1_000 },
  });
  inventoryLink = stack.proxies.inventory!;
  paymentLink = stack.proxies.payment!;
});
afterEach(() => {
  inventoryLink.setFault({ kind: 'none' });
  paymentLink.setFault({ kind: 'none' });
});
afterAll(() => stack?.stop());

const submitCard = (order: ReturnType<typeof orders.card>) => {
  recorded.push(order.id);
  return stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
};
const submitBatch = (batch: ReturnType<typeof orders.cash>[]) => {
  recorded.push(...batch.map((o) => o.id));
  return stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: batch } });
};
const finalOrder = (id: string, timeoutMs?: number) => waitForFinalOrder(stack, id, timeoutMs);
const expectInvariants = async () => {
  const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
  expect(violations, describeViolations(violations)).toEqual([]);
};
const reservationOf = async (orderId: string) =>
  (await stack.pools.inventory.query('SELECT status FROM reservations WHERE order_id = $1', [orderId])).rows;

describe('answers lost after the side effect', () => {
  it('when Inventory restarts between committing the reservation of a card sale and answering, then the commit is repeated under its key and stock leaves once', async () => {
    const order = orders.card();
    const dropped = inventoryLink.injectOnce(
      { method: 'POST', path: new RegExp(`/v1/reservations/${order.id}/commit`) },
      { kind: 'drop-response' },
    );
    const submitted = submitCard(order);
    await dropped;
    // Before POS Core's retry can reach it (a timer later): Inventory goes away, and comes back restarted.
    inventoryLink.setFault({ kind: 'partition' });
    expect(await reservationOf(order.id)).toEqual([{ status: 'committed' }]);
    await stack.restartService('inventory');
    inventoryLink.setFault({ kind: 'none' });
    await submitted;
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
    expect(await reservationOf(order.id)).toEqual([{ status: 'committed' }]);
    await expectInvariants();
  });

  it('when Inventory restarts between settling a batch of cash sales and answering, then the settlement is asked again and stock leaves once', async () => {
    const batch = [orders.cash([{ product: CROISSANT, quantity: 2 }]), orders.cash()];
    const dropped = inventoryLink.injectOnce({ method: 'POST', path: /^\/v1\/reservations\/batch$/ }, { kind: 'drop-response' });
    const submitted = submitBatch(batch);
    await dropped;
    inventoryLink.setFault({ kind: 'partition' });
    for (const o of batch) expect(await reservationOf(o.id)).toEqual([{ status: 'committed' }]);
    await stack.restartService('inventory');
    inventoryLink.setFault({ kind: 'none' });
    expect((await submitted).status).toBe(200);
    for (const o of batch) {
      expect(await finalOrder(o.id)).toMatchObject({ status: 'confirmed' });
      expect(await reservationOf(o.id)).toEqual([{ status: 'committed' }]);
    }
    await expectInvariants();
  });

  /** The order's payments by card part, each with how often it was captured. */
  const capturesOf = async (orderId: string) =>
    (
      await stack.pools.payment.query(
        `SELECT p.part, p.status, p.captured_amount, (SELECT count(*) FROM payment_operations op WHERE op.payment_id = p.id AND op.kind = 'capture')::int AS captures
           FROM payments p WHERE p.order_id = $1 ORDER BY p.part`,
        [orderId],
      )
    ).rows;

  it("when Payment's answer to a one-card charge is lost after the charge happened, then the order confirms, charged exactly once", async () => {
    const order = orders.card();
    const dropped = paymentLink.injectOnce({ method: 'POST', path: /^\/v1\/payments$/ }, { kind: 'drop-response' });
    const submitted = submitCard(order);
    await dropped;
    await submitted;
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
    expect(await capturesOf(order.id)).toEqual([{ part: 1, status: 'captured', captured_amount: order.total, captures: 1 }]);
    await expectInvariants();
  });

  it("when Payment's answer to a capture of a two-card sale is lost after the capture happened, then the order confirms with exactly one capture per part", async () => {
    const order = orders.cards(['tok_visa', 'tok_visa']);
    const dropped = paymentLink.injectOnce(
      { method: 'POST', path: new RegExp(`/v1/payments/${order.id}/capture`) },
      { kind: 'drop-response' },
    );
    const submitted = submitCard(order);
    await dropped;
    await submitted;
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
    expect(await capturesOf(order.id)).toEqual(
      order.tenders.map((t, i) => ({ part: i + 1, status: 'captured', captured_amount: t.amount, captures: 1 })),
    );
    await expectInvariants();
  });
});

describe('a downstream outage', () => {
  it('when Inventory is unreachable, then /metrics shows the retries and the open breaker, and after it heals a half-open probe closes it and the orders confirm', async () => {
    const posCore = () => stack.urls.posCore;
    const breaker = () => scrapeMetric(posCore(), 'pos_core_downstream_breaker_state', { downstream: 'inventory' });
    const retries = async () => (await scrapeMetric(posCore(), 'pos_core_downstream_retries_total', { downstream: 'inventory' })) ?? 0;
    expect(await breaker()).toBe(0);
    const retriesBefore = await retries();

    inventoryLink.setFault({ kind: 'partition' });
    const batch = [orders.cash(), orders.cash()];
    expect((await submitBatch(batch)).status).toBe(200);
    await waitUntil(async () => (await breaker()) === 1, 'the inventory breaker to open');
    expect(await retries()).toBeGreaterThan(retriesBefore);
    expect(await scrapeMetric(posCore(), 'pos_core_downstream_breaker_state', { downstream: 'payment' })).toBe(0);
    // While open, the saga's retries are refused at once instead of reaching Inventory.
    await waitUntil(
      async () =>
        ((await scrapeMetric(posCore(), 'pos_core_downstream_calls_total', { downstream: 'inventory', outcome: 'circuit_open' })) ?? 0) > 0,
      'calls refused by the open circuit',
    );

    inventoryLink.setFault({ kind: 'none' });
    for (const o of batch) expect(await finalOrder(o.id)).toMatchObject({ status: 'confirmed' });
    await waitUntil(async () => (await breaker()) === 0, 'the inventory breaker to close');
    await expectInvariants();
  });
});
