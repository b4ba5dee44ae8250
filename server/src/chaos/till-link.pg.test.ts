/**
 * The link from a till to POS Core (DESIGN §6, fault injection): a partition while 1,000 sales queue,
 * then healed; and the same sales delivered concurrently by two clients (the till, and a second
 * device of the same terminal that imported its export). The tills are the real till core
 * (headless-till.ts: its SyncEngine and CardCheckout on their own IndexedDB) behind a fault proxy in
 * front of POS Core. Each test ends with the G1–G3 checker.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../testing/fault-proxy.ts';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { CROISSANT, ESPRESSO } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { HeadlessTill } from './headless-till.ts';
import type { TillHistoryEntry } from './till-history.ts';

const SECOND_TILL = 'chaos-till-2';
/** In stock for the card sales of the second test (the first sells espresso far below zero). */
const WATER = { productId: 'p-still-water-500ml', unitPrice: 150, taxRateBps: 1900 };
let stack: TestStack;
let link: FaultProxy;
const tills: HeadlessTill[] = [];

beforeAll(async () => {
  stack = await startTestStack({ terminals: [SECOND_TILL] });
  link = await startFaultProxy({ target: { host: '127.0.0.1', port: stack.services.posCore!.port }, http: true });
});
afterAll(async () => {
  await Promise.all(tills.map((t) => t.stop()));
  await link?.close();
  await stack?.stop();
});

async function till(
  terminalId: string,
  token: string,
  history: TillHistoryEntry[] = [],
  extra: { device?: string; requestTimeoutMs?: number } = {},
): Promise<HeadlessTill> {
  const t = await HeadlessTill.open({
    terminalId,
    token,
    baseUrl: link.url,
    random: seededRandom(tills.length + 1),
    backoff: { baseMs: 100, capMs: 1_000 },
    onHistory: (entry) => history.push(entry),
    ...extra,
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
    const t = await till(DEMO_TERMINAL_ID, stack.tokens.terminal, history);
    link.setFault({ kind: 'partition' });
    t.start();
    for (let i = 0; i < 1_000; i++) {
      await t.recordCash([{ ...(i % 3 === 0 ? CROISSANT : ESPRESSO), quantity: 1 + (i % 2) }]);
    }
    await waitUntil(
      async () => history.filter((e) => e.type === 'request' && e.outcome === 'network_error').length >= 3,
      'the till to fail to send three times',
    );
    const waiting = await t.counts();
    expect(waiting.queued + waiting.sending).toBe(1_001); // the sales and their shift's opening (seq 1)
    expect(await serverOrders(DEMO_TERMINAL_ID)).toEqual([]);

    link.setFault({ kind: 'none' });
    await waitUntil(() => t.drained(), 'the till to drain its queue', 120_000);

    expect((await t.counts()).confirmed).toBe(1_001);
    const orders = await serverOrders(DEMO_TERMINAL_ID);
    expect(orders).toHaveLength(1_000);
    expect(orders.every((o) => o.n === 1 && o.status === 'confirmed')).toBe(true);
    const reconciliation = await stack.call('posCore', 'GET', `/v1/terminals/${DEMO_TERMINAL_ID}/reconciliation`, { as: 'manager' });
    expect(reconciliation.body).toMatchObject({ lastSeq: 1_001, gaps: [] });
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: (await t.sales()).map((s) => s.id), requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });

  it('when the same sales are delivered concurrently by two clients, then each is recorded, charged and sold once', async () => {
    const token = stack.terminalTokens[SECOND_TILL]!;
    const first = await till(SECOND_TILL, token, [], { requestTimeoutMs: 3_000 });
    const second = await till(SECOND_TILL, token, [], { device: 'second' });
    // The card charges go out into a black hole: recorded, their outcome unknown, retried with the same order.
    link.setFault({ kind: 'blackhole' });
    // Cards first, while the till still counts POS Core as reachable (it takes cards only then).
    const recorded: string[] = [];
    for (let i = 0; i < 15; i++) recorded.push((await first.chargeCard([{ ...WATER, quantity: 1 }]))!.id);
    for (let i = 0; i < 45; i++) recorded.push((await first.recordCash([{ ...CROISSANT, quantity: 1 }])).id);
    // The second device takes over every one of them, card sales included (to its batch path).
    const file = await first.exportUnsynced();
    expect((JSON.parse(file).sales as { order: { id: string } }[]).map((s) => s.order.id).sort()).toEqual([...recorded].sort());
    expect(await second.importSales(file)).toEqual({ imported: 60, skipped: 0 });
    // Latency on the link makes the two clients' requests overlap in flight.
    link.setFault({ kind: 'latency', ms: 30, jitterMs: 30 });
    first.start();
    second.start();
    await waitUntil(async () => (await first.drained()) && (await second.drained()), 'both clients to drain', 120_000);
    link.setFault({ kind: 'none' });

    for (const client of [first, second]) {
      const statuses = new Map((await client.sales()).map((s) => [s.id, s.status]));
      expect(recorded.map((id) => statuses.get(id))).toEqual(recorded.map(() => 'confirmed'));
    }
    const orders = await serverOrders(SECOND_TILL);
    expect(orders).toHaveLength(60);
    expect(orders.every((o) => o.n === 1 && o.status === 'confirmed')).toBe(true);
    const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
    expect(violations, describeViolations(violations)).toEqual([]);
  });
});
