/**
 * The liveness bounds of docs/ARCHITECTURE.md ("Liveness bounds"), with POS Core and Payment at their
 * production defaults (config.ts of each: retry deadline 30 s, lease 15 s, recovery every 1 s,
 * downstream timeout 4 s; processor timeout 2 s):
 *
 *   - a card whose processor never answers ends declined — hold released, payment voided — within
 *     60 s of its checkout;
 *   - sagas waiting on a downstream that was down are driven within seconds of it coming back
 *     (backoff capped at RETRY_CAP_MS, circuit breaker half-open after 2 s), not a 30 s backoff later.
 *
 * The bounds after a POS Core crash (claims and leases of the dead process) are in pos-core-kill.pg.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPaymentConfig } from '../payment/config.ts';
import { loadPosCoreConfig } from '../pos-core/config.ts';
import { RETRY_CAP_MS } from '../pos-core/domain/saga/saga-driver.ts';
import { waitForFinalOrder } from '../testing/final-order.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';

const required = { POS_SERVICE_TOKEN: 'a-service-token-of-32-characters', POS_CORE_DATABASE_URL: 'postgres://u@h/d' };
const posCoreDefaults = loadPosCoreConfig(required);
const paymentDefaults = loadPaymentConfig({ ...required, PAYMENT_DATABASE_URL: 'postgres://u@h/d' });
/** The circuit breaker's half-open delay (service-call.ts default). */
const HALF_OPEN_MS = 2_000;

let stack: TestStack;
const orders = orderFactory();
const recorded: string[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    faultProxies: ['inventory'],
    processorTimeoutMs: paymentDefaults.PAYMENT_PROCESSOR_TIMEOUT_MS,
    posCore: {
      sagaRetryDeadlineMs: posCoreDefaults.POS_CORE_SAGA_RETRY_DEADLINE_MS,
      recoveryIntervalMs: posCoreDefaults.POS_CORE_RECOVERY_INTERVAL_MS,
      leaseMs: posCoreDefaults.POS_CORE_LEASE_MS,
    },
  });
}, 120_000);
afterAll(() => stack?.stop());

const finalOrder = (id: string, timeoutMs: number) => waitForFinalOrder(stack, id, timeoutMs);
const pendingCount = async () =>
  (await stack.pools.posCore.query(`SELECT count(*)::int AS n FROM orders WHERE status = 'pending'`)).rows[0].n;

describe('liveness bounds at the production defaults', () => {
  it('when the card processor never answers, then the order ends declined, its hold released and its payment voided, within 60 s of the checkout', async () => {
    const order = orders.card('tok_processor_timeout');
    recorded.push(order.id);
    const startedAt = Date.now();
    const res = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
    expect(res.status).toBe(202);
    expect(await finalOrder(order.id, 70_000)).toMatchObject({ status: 'declined', reason: 'payment_unavailable' });
    const tookMs = Date.now() - startedAt;
    expect(tookMs).toBeLessThanOrEqual(60_000);
    // Not before the retry deadline: the step was retried for as long as promised.
    expect(tookMs).toBeGreaterThanOrEqual(posCoreDefaults.POS_CORE_SAGA_RETRY_DEADLINE_MS);
    const reservation = (await stack.call('inventory', 'GET', `/v1/reservations/${order.id}`, { as: 'manager' })).body.reservation;
    expect(reservation.status).toBe('released');
    const payments = (await stack.call('payment', 'GET', `/v1/payments?orderId=${order.id}`, { as: 'manager' })).body.payments;
    expect(payments.map((p: { status: string }) => p.status)).toEqual(['voided']);
  }, 90_000);

  it('when Inventory was unreachable long enough for the retries to back off, then every waiting sale is final within seconds of it coming back', async () => {
    const link = stack.proxies.inventory!;
    const cash = [orders.cash(), orders.cash(), orders.cash()];
    const card = orders.card();
    recorded.push(card.id, ...cash.map((o) => o.id));
    // The card sale is checked out while Inventory is up; its reserve call is cut by the outage.
    const held = link.injectOnce({ method: 'POST', path: /^\/v1\/reservations$/ }, { kind: 'latency', ms: 1_000 });
    const checkout = stack.call('posCore', 'POST', '/v1/orders', { body: card, key: card.id });
    await held;
    link.setFault({ kind: 'partition' });
    expect((await checkout).status).toBe(202);
    // Offline cash sales are recorded whatever Inventory's state.
    expect((await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: cash } })).status).toBe(200);
    // Long enough for several attempts each: the backoff reaches its cap.
    await new Promise((r) => setTimeout(r, 15_000));
    expect(await pendingCount()).toBe(4);

    link.setFault({ kind: 'none' });
    const healedAt = Date.now();
    await waitUntil(async () => (await pendingCount()) === 0, 'every waiting sale to be final', 30_000);
    const tookMs = Date.now() - healedAt;
    // The next attempt is at most RETRY_CAP_MS away; the breaker lets one through after HALF_OPEN_MS;
    // plus a recovery round and the steps themselves.
    expect(tookMs).toBeLessThanOrEqual(RETRY_CAP_MS + HALF_OPEN_MS + posCoreDefaults.POS_CORE_RECOVERY_INTERVAL_MS + 2_000);
    for (const o of [...cash, card]) expect(await finalOrder(o.id, 1_000)).toMatchObject({ status: 'confirmed' });
  }, 90_000);

  it('after the above, the guarantees G1–G3 hold', async () => {
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
