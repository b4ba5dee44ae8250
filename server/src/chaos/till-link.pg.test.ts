/**
 * The link from a till to POS Core (DESIGN §6, fault injection): a partition while 1,000 sales queue,
 * then healed; and the same sales delivered concurrently by two clients (two windows of one till).
 * The till is the simulated till (simulated-till.ts: the real HTTP contract and the till's retry
 * rules) behind a fault proxy in front of POS Core. Each test ends with the G1–G3 checker.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../testing/fault-proxy.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { CROISSANT, ESPRESSO } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { SimulatedTill, type TillHistoryEntry } from './simulated-till.ts';

const SECOND_TILL = 'chaos-till-2';
/** In stock for the card sales of the second test (the first sells espresso far below zero). */
const WATER = { productId: 'p-still-water-500ml', unitPrice: 150, taxRateBps: 1900 };
let stack: TestStack;
let link: FaultProxy;
const tills: SimulatedTill[] = [];

beforeAll(async () => {
  stack = await startTestStack({ terminals: [SECOND_TILL] });
  link = await startFaultProxy({ target: { host: '127.0.0.1', port: stack.services.posCore!.port }, http: true });
});
afterAll(async () => {
  await Promise.all(tills.map((t) => t.stop()));
  await link?.close();
  await stack?.stop();
});

function till(terminalId: string, token: string, history: TillHistoryEntry[] = []): SimulatedTill {
  const t = new SimulatedTill({
    terminalId,
    token,
    baseUrl: link.url,
    random: seededRandom(tills.length + 1),
    backoff: { baseMs: 100, capMs: 1_000 },
    onHistory: (entry) => history.push(entry),
  });
  tills.push(t);
  return t;
}

const serverOrders = async (terminalId: string) =>
  (
    await stack.pools.posCore.query<{ id: string; status: string; n: number }>(
      'SELECT id, status, count(*) OVER (PARTITION BY id)::int AS n FROM orders WHERE terminal_id = $1',
      [terminalId],
    )
  ).rows;

describe('a till cut off from POS Core', () => {
  it('when the link is partitioned while 1,000 sales queue and then heals, then every sale reaches POS Core exactly once and confirms', async () => {
    const history: TillHistoryEntry[] = [];
    const t = till(DEMO_TERMINAL_ID, stack.tokens.terminal, history);
    link.setFault({ kind: 'partition' });
    t.start();
    for (let i = 0; i < 1_000; i++) {
      t.recordCash([{ ...(i % 3 === 0 ? CROISSANT : ESPRESSO), quantity: 1 + (i % 2) }]);
    }
    await waitUntil(
      async () => history.filter((e) => e.type === 'request' && e.outcome === 'network_error').length >= 3,
      'the till to fail to send three times',
    );
    expect(t.counts().queued + t.counts().sending).toBe(1_000);
    expect(await serverOrders(DEMO_TERMINAL_ID)).toEqual([]);

    link.setFault({ kind: 'none' });
    await waitUntil(async () => t.drained, 'the till to drain its queue', 120_000);

    expect(t.counts().confirmed).toBe(1_000);
    const orders = await serverOrders(DEMO_TERMINAL_ID);
    expect(orders).toHaveLength(1_000);
    expect(orders.every((o) => o.n === 1 && o.status === 'confirmed')).toBe(true);
    const reconciliation = await stack.call('posCore', 'GET', `/v1/terminals/${DEMO_TERMINAL_ID}/reconciliation`, { as: 'manager' });
    expect(reconciliation.body).toMatchObject({ lastSeq: 1_000, gaps: [] });
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: [...t.sales.keys()], requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('when the same sales are delivered concurrently by two clients, then each is recorded, charged and sold once', async () => {
    const token = stack.terminalTokens[SECOND_TILL]!;
    const first = till(SECOND_TILL, token);
    const second = till(SECOND_TILL, token);
    // Latency on the link makes the two clients' requests overlap in flight.
    link.setFault({ kind: 'latency', ms: 30, jitterMs: 30 });
    const recorded = [];
    for (let i = 0; i < 60; i++) {
      recorded.push(i % 4 === 0 ? first.recordCard([{ ...WATER, quantity: 1 }]) : first.recordCash([{ ...CROISSANT, quantity: 1 }]));
    }
    for (const sale of recorded) second.adopt(sale.order, sale.kind);
    first.start();
    second.start();
    await waitUntil(async () => first.drained && second.drained, 'both clients to drain', 120_000);
    link.setFault({ kind: 'none' });

    for (const client of [first, second]) {
      expect([...client.sales.values()].map((s) => s.status)).toEqual(recorded.map(() => 'confirmed'));
    }
    const orders = await serverOrders(SECOND_TILL);
    expect(orders).toHaveLength(60);
    expect(orders.every((o) => o.n === 1 && o.status === 'confirmed')).toBe(true);
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded.map((s) => s.order.id), requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
