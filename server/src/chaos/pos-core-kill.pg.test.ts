/**
 * POS Core killed for real (SIGKILL of its process) in the middle of a saga, at each step (a one-card
 * sale's charge is its authorize call; a two-card sale authorizes, then captures): the
 * step's call reached Inventory or Payment and took effect there, its answer is still on the way
 * (held by a latency fault on the proxy), and the process dies before recording it. A new process
 * on the same database must resume the saga, repeat the step under its fixed key (no second side
 * effect) and bring the order to its final status — within seconds: the dead process's leases and
 * idempotency claims are taken over once it stopped beating (service-instance.ts), not when they run
 * out (the leases here last the production default of 15 s, the claims 30 s). Then the G1–G3 checker.
 */
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import type { OrderSubmission } from '@pos/shared/order';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEAD_AFTER_MS, HEARTBEAT_MS } from '../common/service-instance.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { refundFactory } from '../testing/test-refunds.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { type PosCoreProcess, posCoreProcess } from './pos-core-process.ts';

let stack: TestStack;
let posCore: PosCoreProcess;
const orders = orderFactory();
const refunds = refundFactory();
const recorded: string[] = [];

beforeAll(async () => {
  // A generous processor timeout: on a loaded machine the stack's default (300 ms) can time the
  // simulated processor out, Payment then answers 503 and the retried step completes too fast for
  // the test to catch it "taken effect but unanswered" — the scenario this file is about.
  stack = await startTestStack({ faultProxies: ['inventory', 'payment'], processorTimeoutMs: 5_000 });
  // POS Core runs as a child process instead of in-process, so it can be killed.
  await stack.stopPosCore();
  posCore = await posCoreProcess({
    databaseUrl: stack.databaseUrls.posCore,
    credentials: [
      { token: stack.tokens.service, kind: 'service', tenantId: null, subject: 'pos-core' },
      { token: stack.tokens.terminal, kind: 'terminal', tenantId: DEMO_TENANT_ID, subject: DEMO_TERMINAL_ID },
      { token: stack.tokens.manager, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' },
    ],
    options: {
      inventoryUrl: stack.proxies.inventory!.url,
      paymentUrl: stack.proxies.payment!.url,
      serviceToken: stack.tokens.service,
      sagaRetryDeadlineMs: 60_000,
      recoveryIntervalMs: 100,
      // The production default: far longer than the injected 1.5 s + 1.5 s step (a shorter lease would
      // let the recovery worker take the saga over mid-step, before the kill this file is about), and
      // longer than the recovery bound asserted below, so the takeover must come from the dead owner.
      leaseMs: 15_000,
      downstreamTimeoutMs: 5_000,
      eventRelayIntervalMs: 100,
      // Every checkout sends its readiness probes: the idempotency-key test holds a checkout's claim
      // by delaying its probe of Payment (a call answered < 100 ms before would otherwise stand for it).
      readyProofMs: 0,
    },
  });
  await posCore.start();
}, 120_000);
afterAll(async () => {
  await posCore?.kill();
  await stack?.stop();
});

const send = (path: string, body: unknown, key?: string) =>
  fetch(posCore.url + path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.tokens.terminal}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  }).catch(() => null); // cut by the kill
const finalOrder = (id: string) =>
  waitUntil(
    async () => {
      const res = await fetch(`${posCore.url}/v1/orders/${id}`, { headers: { authorization: `Bearer ${stack.tokens.manager}` } });
      const o = ((await res.json()) as { order: { status: string } }).order;
      return o.status !== 'pending' && o;
    },
    `order ${id} to be final`,
    30_000,
  );
const one = async (pool: 'posCore' | 'inventory' | 'payment', sql: string, id: string) =>
  (await stack.pools[pool].query(sql, [id])).rows[0];
/** Restarts POS Core after a kill; returns when it was ready. */
const restart = async () => {
  await posCore.start();
  return Date.now();
};
/**
 * The recovery bound after a kill: the dead process's claims are free DEAD_AFTER_MS after its last
 * heartbeat (≤ one heartbeat before the kill), or as soon as the new process is up if that took
 * longer; plus 3 s for the recovery worker's round and the repeated step.
 */
const recoveredBy = (killedAt: number, readyAt: number) => Math.max(readyAt, killedAt + DEAD_AFTER_MS + HEARTBEAT_MS) + 3_000;
const reservation = (id: string) => one('inventory', 'SELECT status FROM reservations WHERE order_id = $1', id);
/** The order's payments by card part, each with how often it was captured. */
const paymentsOf = async (id: string) =>
  (
    await stack.pools.payment.query(
      `SELECT p.status, (SELECT count(*) FROM payment_operations op WHERE op.payment_id = p.id AND op.kind = 'capture')::int AS captures
         FROM payments p WHERE p.order_id = $1 ORDER BY p.part`,
      [id],
    )
  ).rows;
const payment = async (id: string) => (await paymentsOf(id))[0];
/** A one-card sale ('card': charged by its authorize call) or a two-card one ('cards': authorized, then captured). */
const newOrder = (kind: 'card' | 'cards' | 'cash'): OrderSubmission =>
  kind === 'card' ? orders.card() : kind === 'cards' ? orders.cards(['tok_visa', 'tok_visa']) : orders.cash();

interface StepCase {
  step: string;
  kind: 'card' | 'cards' | 'cash';
  downstream: 'inventory' | 'payment';
  path: (id: string) => RegExp;
  /** The step took effect downstream. */
  tookEffect: (id: string) => Promise<boolean>;
}

const STEPS: StepCase[] = [
  {
    step: 'reserve',
    kind: 'card',
    downstream: 'inventory',
    path: () => /^\/v1\/reservations$/,
    tookEffect: async (id) => (await reservation(id))?.status === 'held',
  },
  {
    // One card: the authorize call charges it (authorized and captured at once).
    step: 'authorize',
    kind: 'card',
    downstream: 'payment',
    path: () => /^\/v1\/payments$/,
    tookEffect: async (id) => (await payment(id))?.status === 'captured',
  },
  {
    step: 'authorize',
    kind: 'cards',
    downstream: 'payment',
    path: () => /^\/v1\/payments$/,
    tookEffect: async (id) => (await payment(id))?.status === 'authorized',
  },
  {
    step: 'capture',
    kind: 'cards',
    downstream: 'payment',
    path: (id) => new RegExp(`^/v1/payments/${id}/capture$`),
    tookEffect: async (id) => (await payment(id))?.status === 'captured',
  },
  {
    step: 'commit',
    kind: 'card',
    downstream: 'inventory',
    path: (id) => new RegExp(`^/v1/reservations/${id}/commit$`),
    tookEffect: async (id) => (await reservation(id))?.status === 'committed',
  },
  {
    step: 'settle (reserve + commit)',
    kind: 'cash',
    downstream: 'inventory',
    path: () => /^\/v1\/reservations\/batch$/,
    tookEffect: async (id) => (await reservation(id))?.status === 'committed',
  },
];

describe('POS Core killed mid-saga', () => {
  it.each(STEPS)(
    'when POS Core is killed after the $step call of a $kind sale took effect but before its answer arrived, then a restarted POS Core confirms the sale once',
    async ({ kind, downstream, path, tookEffect }) => {
      const order = newOrder(kind);
      recorded.push(order.id);
      const held = stack.proxies[downstream]!.injectOnce({ method: 'POST', path: path(order.id) }, { kind: 'latency', ms: 1_500 });
      const answer = kind === 'cash' ? send('/v1/orders/batch', { orders: [order] }) : send('/v1/orders', order, order.id);
      await held;
      await waitUntil(() => tookEffect(order.id), 'the step to take effect downstream');
      await posCore.kill();
      const killedAt = Date.now();
      await answer;

      const readyAt = await restart();
      expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
      expect(Date.now()).toBeLessThanOrEqual(recoveredBy(killedAt, readyAt));
      expect(await reservation(order.id)).toEqual({ status: 'committed' });
      const cardParts = order.tenders.filter((t) => t.type === 'card').length;
      expect(await paymentsOf(order.id)).toEqual(Array(cardParts).fill({ status: 'captured', captures: 1 }));
    },
  );

  it('when POS Core is killed while the charge of a one-card sale is still on the way to Payment, then a restarted POS Core charges once and confirms', async () => {
    const order = orders.card();
    recorded.push(order.id);
    const held = stack.proxies.payment!.injectOnce({ method: 'POST', path: /^\/v1\/payments$/ }, { kind: 'latency', ms: 1_500 });
    const answer = send('/v1/orders', order, order.id);
    await held;
    await posCore.kill();
    const killedAt = Date.now();
    await answer;
    // Killed before the charge reached Payment: nothing charged yet.
    expect(await paymentsOf(order.id)).toEqual([]);

    const readyAt = await restart();
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
    expect(Date.now()).toBeLessThanOrEqual(recoveredBy(killedAt, readyAt));
    expect(await paymentsOf(order.id)).toEqual([{ status: 'captured', captures: 1 }]);
  });

  it('when POS Core is killed while a capture call of a two-card sale is still on the way to Payment, then a restarted POS Core captures each part once and confirms', async () => {
    const order = orders.cards(['tok_visa', 'tok_visa']);
    recorded.push(order.id);
    const held = stack.proxies.payment!.injectOnce(
      { method: 'POST', path: new RegExp(`^/v1/payments/${order.id}/capture$`) },
      { kind: 'latency', ms: 1_500 },
    );
    const answer = send('/v1/orders', order, order.id);
    await held;
    await posCore.kill();
    const killedAt = Date.now();
    await answer;
    expect(await paymentsOf(order.id)).toEqual([
      { status: 'authorized', captures: 0 },
      { status: 'authorized', captures: 0 },
    ]);

    const readyAt = await restart();
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
    expect(Date.now()).toBeLessThanOrEqual(recoveredBy(killedAt, readyAt));
    expect(await paymentsOf(order.id)).toEqual([
      { status: 'captured', captures: 1 },
      { status: 'captured', captures: 1 },
    ]);
  });

  it('when POS Core is killed while a checkout holds its Idempotency-Key, then the retried key is answered within seconds of the restart, not 409 until the claim runs out', async () => {
    const order = orders.card();
    recorded.push(order.id);
    // The claim is held while POS Core asks whether Payment is reachable (before anything is recorded).
    const held = stack.proxies.payment!.injectOnce({ method: 'GET', path: /^\/readyz$/ }, { kind: 'latency', ms: 800 });
    const answer = send('/v1/orders', order, order.id);
    await held;
    await posCore.kill();
    const killedAt = Date.now();
    await answer;
    expect(await one('posCore', 'SELECT state FROM idempotency_keys WHERE key = $1', order.id)).toEqual({ state: 'in_flight' });

    const readyAt = await restart();
    // The till retries the same key; 409 "in flight" is allowed only until the dead owner is recognised.
    const statuses: number[] = [];
    for (;;) {
      const res = await send('/v1/orders', order, order.id);
      statuses.push(res?.status ?? 0);
      if (res && res.status !== 409) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const answeredAt = Date.now();
    expect(statuses.at(-1), `answers: ${statuses.join(',')}`).toBeOneOf([201, 202]);
    expect(answeredAt).toBeLessThanOrEqual(Math.max(readyAt, killedAt + DEAD_AFTER_MS + HEARTBEAT_MS) + 2_000);
    expect(answeredAt - killedAt).toBeLessThan(30_000 - 10_000); // far from the claim's 30 s lease
    expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
  });

  it.each([
    { step: 'refund', downstream: 'payment' as const, path: /^\/v1\/payments\/[^/]+\/refund$/ },
    { step: 'restock', downstream: 'inventory' as const, path: /^\/v1\/restocks$/ },
  ])(
    'when POS Core is killed after the $step call of a card refund took effect but before its answer arrived, then a restarted POS Core completes the refund once',
    async ({ step, downstream, path }) => {
      const order = orders.card('tok_visa', [{ quantity: 2 }]);
      recorded.push(order.id);
      await send('/v1/orders', order, order.id);
      expect(await finalOrder(order.id)).toMatchObject({ status: 'confirmed' });
      const refund = refunds.of(order, { lines: [{ lineNo: 1, quantity: 1, restock: true }] });
      const refundOps = () =>
        one(
          'payment',
          `SELECT count(*)::int AS n FROM payment_operations WHERE kind = 'refund' AND idempotency_key = $1`,
          `${refund.id}:refund`,
        );
      const returns = () =>
        one('inventory', `SELECT count(*)::int AS n FROM stock_movements WHERE kind = 'return' AND refund_id = $1`, refund.id);
      const held = stack.proxies[downstream]!.injectOnce({ method: 'POST', path }, { kind: 'latency', ms: 1_500 });
      const answer = send('/v1/refunds', refund, refund.id);
      await held;
      await waitUntil(async () => (step === 'refund' ? await refundOps() : await returns()).n === 1, 'the step to take effect downstream');
      await posCore.kill();
      const killedAt = Date.now();
      await answer;

      const readyAt = await restart();
      await waitUntil(
        async () => (await one('posCore', `SELECT 1 AS done FROM refunds WHERE id = $1 AND saga_state = 'done'`, refund.id))?.done === 1,
        'the refund saga to end',
        30_000,
      );
      expect(Date.now()).toBeLessThanOrEqual(recoveredBy(killedAt, readyAt));
      expect(await one('posCore', 'SELECT status FROM refunds WHERE id = $1', refund.id)).toEqual({ status: 'completed' });
      expect(await refundOps()).toEqual({ n: 1 });
      expect(await returns()).toEqual({ n: 1 });
    },
  );

  it('after every kill and restart, the guarantees G1–G3 hold', async () => {
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
