/**
 * A service's PostgreSQL goes away and comes back (DESIGN §6, fault injection): a fault proxy sits
 * between each service and its database; a partition cuts every open connection and refuses new
 * ones, healing lets them in again. While a database is gone its service answers "unavailable"
 * (503 + Retry-After, nothing recorded) and must recover by itself once it is back: pools reconnect,
 * sagas resume, tills' queues drain. Each test ends with the G1–G3 checker.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants, describeViolations } from '../testing/invariants.ts';
import { seededRandom } from '../testing/seeded-random.ts';
import { CROISSANT, ESPRESSO, orderFactory } from '../testing/test-orders.ts';
import { type FaultProxyPlacement, startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { HeadlessTill } from './headless-till.ts';

const TILL = 'chaos-db-till';
let stack: TestStack;
const orders = orderFactory();
const recorded: string[] = [];
const tills: HeadlessTill[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    faultProxies: ['posCoreDatabase', 'inventoryDatabase', 'paymentDatabase'],
    terminals: [TILL],
    // Every probe is sent: these tests submit the very moment a database is seen gone, within the
    // 100 ms for which POS Core's last answer from that service would otherwise stand for one.
    posCore: { sagaRetryDeadlineMs: 60_000, readyProofMs: 0 },
  });
});
afterEach(() => {
  for (const proxy of Object.values(stack.proxies)) proxy.setFault({ kind: 'none' });
});
afterAll(async () => {
  await Promise.all(tills.map((t) => t.stop()));
  await stack?.stop();
});

const ready = async (service: 'posCore' | 'inventory' | 'payment') => (await stack.call(service, 'GET', '/readyz', { as: null })).status;
const finalOrder = (id: string) =>
  waitUntil(
    async () => {
      const o = (await stack.call('posCore', 'GET', `/v1/orders/${id}`, { as: 'manager' })).body.order;
      return o.status !== 'pending' && o;
    },
    `order ${id} to be final`,
    60_000,
  );
const expectInvariants = async () => {
  const violations = await checkInvariants(stack.pools, { recordedOrderIds: recorded, requireFinal: true });
  expect(violations, describeViolations(violations)).toEqual([]);
};

async function outage(database: FaultProxyPlacement, service: 'posCore' | 'inventory' | 'payment') {
  stack.proxies[database]!.setFault({ kind: 'partition' });
  await waitUntil(async () => (await ready(service)) === 503, `${service} to report its database unreachable`);
  return async () => {
    stack.proxies[database]!.setFault({ kind: 'none' });
    await waitUntil(async () => (await ready(service)) === 200, `${service} to be ready again`);
  };
}

describe("a service's PostgreSQL stopped and started again", () => {
  it.each([
    ['Inventory', 'inventoryDatabase', 'inventory'],
    ['Payment', 'paymentDatabase', 'payment'],
  ] as const)(
    "when %s's database is unreachable, then card checkouts are refused unrecorded, cash sales wait, and both confirm once it is back",
    async (_name, database, service) => {
      const heal = await outage(database, service);
      const card = orders.card();
      const cash = orders.cash([{ product: CROISSANT, quantity: 1 }]);
      recorded.push(cash.id);
      const refused = await stack.call('posCore', 'POST', '/v1/orders', { body: card, key: card.id });
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect((await stack.call('posCore', 'GET', `/v1/orders/${card.id}`, { as: 'manager' })).status).toBe(404);
      const batch = await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [cash] } });
      expect(batch.body.results).toEqual([{ id: cash.id, status: expect.stringMatching(/^(pending|confirmed)$/), replayed: false }]);

      await heal();
      // The till retries the refused checkout under the same key once the service is back.
      recorded.push(card.id);
      await waitUntil(
        async () => [201, 202].includes((await stack.call('posCore', 'POST', '/v1/orders', { body: card, key: card.id })).status),
        'the card checkout to be accepted',
        30_000,
      );
      expect(await finalOrder(card.id)).toMatchObject({ status: 'confirmed' });
      expect(await finalOrder(cash.id)).toMatchObject({ status: 'confirmed' });
      await expectInvariants();
    },
  );

  it("when POS Core's own database goes away while a till sells, then submissions are refused with 503 and nothing is lost or doubled once it is back", async () => {
    const till = await HeadlessTill.open({
      terminalId: TILL,
      token: stack.terminalTokens[TILL]!,
      baseUrl: stack.urls.posCore,
      random: seededRandom(7),
      backoff: { baseMs: 100, capMs: 1_000 },
      batchSize: 20,
    });
    tills.push(till);
    till.start();
    for (let i = 0; i < 40; i++) {
      if (i % 5 === 0) expect(await till.chargeCard([{ ...ESPRESSO, quantity: 1 }])).not.toBeNull();
      else await till.recordCash([{ ...CROISSANT, quantity: 1 }]);
    }
    const heal = await outage('posCoreDatabase', 'posCore');
    const refused = orders.cash();
    const answer = await stack.call('posCore', 'POST', '/v1/orders', { body: refused, key: refused.id });
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    for (let i = 0; i < 20; i++) await till.recordCash([{ ...CROISSANT, quantity: 1 }]);

    await heal();
    await waitUntil(() => till.drained(), 'the till to drain', 90_000);
    recorded.push(...(await till.sales()).map((s) => s.id));
    expect((await till.sales()).filter((s) => s.status === 'confirmed')).toHaveLength(60);
    const { rows } = await stack.pools.posCore.query('SELECT count(*)::int AS n FROM orders WHERE terminal_id = $1', [TILL]);
    expect(rows[0].n).toBe(60);
    const { rows: refusedRows } = await stack.pools.posCore.query('SELECT id FROM orders WHERE terminal_id = $1 AND id = $2', [
      DEMO_TERMINAL_ID,
      refused.id,
    ]);
    expect(refusedRows).toEqual([]);
    await expectInvariants();
  });
});
