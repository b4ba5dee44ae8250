/**
 * The soak's checker must catch what it is there to catch: a lost sale, a till told a wrong status,
 * no drain — and an online sale that oversold, while offline sales past zero are no violation; and of
 * the event consumers (real processes here), a lost ticket, a receipt sent twice, a consumer that does
 * not catch up.
 */

import { uuidv7 } from '@pos/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInvariants } from '../testing/invariants.ts';
import { MUG, orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { type ConsumerProcesses, startConsumerProcesses } from './consumer-processes.ts';
import { soakCensus, stuckReport } from './soak-census.ts';
import { checkConsumers, checkSoak, LIVENESS_BOUNDS } from './soak-checker.ts';
import type { SoakHistoryEntry } from './soak-history.ts';

let stack: TestStack;
const orders = orderFactory();
let confirmedId: string;

beforeAll(async () => {
  stack = await startTestStack();
  const order = orders.cash();
  await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [order] } });
  confirmedId = order.id;
  await waitUntil(
    async () => (await stack.call('posCore', 'GET', `/v1/orders/${order.id}`, { as: 'manager' })).body.order.status === 'confirmed',
    'the order to confirm',
  );
});
afterAll(() => stack?.stop());

const record = (id: string, t = 1): SoakHistoryEntry => ({ t, type: 'record', till: 'demo-till-1', id, seq: 1, kind: 'cash', total: 250 });
const told = (id: string, status: string, t = 2): SoakHistoryEntry => ({
  t,
  type: 'request',
  till: 'demo-till-1',
  op: 'batch',
  ids: [id],
  startedAt: 0,
  ms: 1,
  outcome: 200,
  results: { [id]: status },
});
const drained: SoakHistoryEntry = { t: 3, type: 'phase', phase: 'drained' };

describe('the soak checker', () => {
  it('when every recorded sale reached POS Core and the tills were told its status, then it finds nothing', async () => {
    expect(await checkSoak([record(confirmedId), told(confirmedId, 'confirmed'), drained], stack.pools)).toEqual([]);
  });

  it('when a recorded sale never reached POS Core, then it reports a G1 violation', async () => {
    const lost = orders.cash().id;
    const violations = await checkSoak([record(confirmedId), told(confirmedId, 'confirmed'), record(lost), drained], stack.pools);
    expect(violations).toEqual([expect.objectContaining({ guarantee: 'G1', message: expect.stringContaining(lost) })]);
  });

  it('when a till was told a status the server does not hold, or two final statuses, then it reports G4', async () => {
    const violations = await checkSoak(
      [record(confirmedId), told(confirmedId, 'declined'), told(confirmedId, 'confirmed', 3), drained],
      stack.pools,
    );
    expect(violations.map((v) => v.guarantee)).toEqual(['G4']);
    const wrong = await checkSoak([record(confirmedId), told(confirmedId, 'rejected'), drained], stack.pools);
    expect(wrong.map((v) => v.guarantee)).toEqual(['G4']);
  });

  it('when the queues did not drain within the bound, or a sale was refused as malformed, then it reports liveness', async () => {
    const violations = await checkSoak([record(confirmedId), told(confirmedId, 'error:422')], stack.pools);
    expect(violations.map((v) => v.guarantee).sort()).toEqual(['liveness', 'liveness']);
  });

  const healed = (t: number): SoakHistoryEntry => ({ t, type: 'phase', phase: 'all-healed' });
  const drainedAt = (t: number): SoakHistoryEntry => ({ t, type: 'phase', phase: 'drained' });
  const { drainAfterHealMs, inFlightMs } = LIVENESS_BOUNDS;

  it(`when the queues drained later than ${LIVENESS_BOUNDS.drainAfterHealMs / 1000} s after the faults healed, then it reports liveness with the time`, async () => {
    const base = [record(confirmedId), told(confirmedId, 'confirmed')];
    expect(await checkSoak([...base, healed(1_000), drainedAt(1_000 + drainAfterHealMs)], stack.pools)).toEqual([]);
    const late = await checkSoak([...base, healed(1_000), drainedAt(1_000 + drainAfterHealMs + 1)], stack.pools);
    expect(late).toEqual([
      { guarantee: 'liveness', message: expect.stringMatching(/drained 20\.0 s after the faults healed \(bound 20 s\)/) },
    ]);
  });

  it('when a run recorded its own bounds, then it is judged by them', async () => {
    const start: SoakHistoryEntry = {
      t: 0,
      type: 'start',
      seed: 1,
      durationMs: 1,
      tills: [],
      bounds: { ...LIVENESS_BOUNDS, drainAfterHealMs: 60_000 },
    };
    const history = [start, record(confirmedId), told(confirmedId, 'confirmed'), healed(1_000), drainedAt(40_000)];
    expect(await checkSoak(history, stack.pools)).toEqual([]);
  });

  /** A card submission of `id` answered `outcome` (409 in flight, 202 pending…), started at `startedAt` and lasting 50 ms. */
  const submitted = (id: string, outcome: number, startedAt: number): SoakHistoryEntry => ({
    t: startedAt + 50,
    type: 'request',
    till: 'demo-till-1',
    op: 'order',
    ids: [id],
    startedAt,
    ms: 50,
    outcome,
    ...(outcome < 300 ? { results: { [id]: 'confirmed' } } : {}),
  });

  it(`when a key was answered 409 in flight for longer than ${LIVENESS_BOUNDS.inFlightMs / 1000} s in a row, then it reports liveness; shorter runs are no violation`, async () => {
    const base = [record(confirmedId), healed(0), drainedAt(1)];
    const short = [submitted(confirmedId, 409, 0), submitted(confirmedId, 409, inFlightMs - 100), submitted(confirmedId, 201, inFlightMs)];
    expect(await checkSoak([...base, ...short], stack.pools)).toEqual([]);
    // Two short runs separated by an answer are two runs, not one long one.
    const twoRuns = [...short, submitted(confirmedId, 409, inFlightMs + 100), submitted(confirmedId, 409, 2 * inFlightMs - 100)];
    expect(await checkSoak([...base, ...twoRuns], stack.pools)).toEqual([]);
    const long = [submitted(confirmedId, 409, 0), submitted(confirmedId, 409, 5_000), submitted(confirmedId, 409, inFlightMs)];
    expect(await checkSoak([...base, ...long, submitted(confirmedId, 201, inFlightMs + 100)], stack.pools)).toEqual([
      { guarantee: 'liveness', message: expect.stringContaining(`sale ${confirmedId} was answered 409 in flight for 10.1 s`) },
    ]);
    // A batch item answered error:409 counts the same.
    const batch409 = (startedAt: number) => ({ ...told(confirmedId, 'error:409', startedAt + 50), startedAt, ms: 50 });
    const batchRun = await checkSoak([...base, batch409(0), batch409(inFlightMs + 1_000), told(confirmedId, 'confirmed')], stack.pools);
    expect(batchRun.map((v) => v.guarantee)).toEqual(['liveness']);
  });
});

describe("the soak's server-side records (soak-census.ts)", () => {
  it('when a sale is left pending with its lease run out, then the census and the stuck report say so', async () => {
    const order = orders.cash();
    await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [order] } });
    // As a stuck sale looks: pending, due, its lease long gone, nothing driving it.
    await stack.stopPosCore();
    try {
      await stack.pools.posCore.query(
        `UPDATE orders SET status = 'pending', saga_state = 'received', next_attempt_at = now() - interval '1 minute',
                lease_owner = 'pos-core/gone/1@nowhere', lease_until = now() - interval '1 minute' WHERE id = $1`,
        [order.id],
      );
      const census = await soakCensus(stack.pools);
      expect(census.pending).toEqual([
        { sagaState: 'received', reason: null, lease: 'expired', due: true, orders: 1, oldestMs: expect.any(Number) },
      ]);
      const stuck = await stuckReport(stack.pools);
      expect(stuck).toMatchObject({ pendingTotal: 1, dueUnleased: 1, lastTransitionAgoMs: expect.any(Number) });
      expect(stuck.orders).toEqual([
        expect.objectContaining({
          id: order.id,
          sagaState: 'received',
          leaseOwner: 'pos-core/gone/1@nowhere',
          nextAttemptInMs: expect.any(Number),
        }),
      ]);
      expect(stuck.orders[0]!.nextAttemptInMs).toBeLessThan(0);
    } finally {
      await stack.pools.posCore.query(
        `UPDATE orders SET status = 'confirmed', saga_state = 'done', lease_owner = NULL, lease_until = NULL WHERE id = $1`,
        [order.id],
      );
      await stack.restartPosCore();
    }
  });
});

describe('the G3 check of online sales', () => {
  const CANDLE = 'p-candle';
  const inventory = (path: string, key: string, body: unknown) => stack.call('inventory', 'POST', path, { as: 'service', key, body });
  const strictHold = (orderId: string, quantity: number, productId = MUG.productId, ttlSeconds?: number) =>
    inventory('/v1/reservations', `${orderId}:reserve`, {
      orderId,
      mode: 'strict',
      lines: [{ lineNo: 1, productId, quantity }],
      ...(ttlSeconds ? { ttlSeconds } : {}),
    });
  const commit = (orderId: string) => inventory(`/v1/reservations/${orderId}/commit`, `${orderId}:commit`, {});
  const strictOversells = async () =>
    (await checkInvariants(stack.pools)).filter((v) => v.guarantee === 'G3' && v.message.startsWith('online (strict) sale'));

  it('when offline sales drove stock below zero before an online sale that held available units, then it is no oversell; when an online sale took units that were not available, then it is', async () => {
    // A strict hold of 4 mugs (available), then 8 offline mugs sold past it, then the hold commits: −2, from offline sales.
    const online = uuidv7();
    expect((await strictHold(online, 4)).body.reservation.status).toBe('held');
    const offline = uuidv7();
    await inventory('/v1/reservations', `${offline}:reserve`, {
      orderId: offline,
      mode: 'force',
      lines: [{ lineNo: 1, productId: MUG.productId, quantity: 8 }],
    });
    await commit(offline);
    expect((await commit(online)).body.reservation.status).toBe('committed');
    expect(await strictOversells()).toEqual([]);

    // A strict hold that expired (its units went back to the shelf) still commits: that sale took a unit
    // that was no longer held for it — 20 candles, all sold online, the expired hold's one on top.
    const late = uuidv7();
    expect((await strictHold(late, 1, CANDLE, 1)).body.reservation.status).toBe('held');
    await waitUntil(
      async () =>
        (await stack.call('inventory', 'GET', `/v1/reservations/${late}`, { as: 'service' })).body.reservation.status === 'expired',
      'the hold to expire',
    );
    const other = uuidv7();
    expect((await strictHold(other, 20, CANDLE)).body.reservation.status).toBe('held');
    await commit(other);
    await commit(late);
    expect((await strictOversells()).map((v) => v.message)).toEqual([expect.stringContaining(late)]);
  });
});

describe("the soak checker's event consumer part (checkConsumers)", () => {
  const TOASTIE = { productId: 'p-toastie', unitPrice: 590, taxRateBps: 1900 };
  let consumers: ConsumerProcesses;

  /** A café sale asking for a receipt, confirmed by POS Core. */
  async function cafeSale(): Promise<string> {
    const order = orders.cash([{ product: TOASTIE }], { receiptEmail: 'guest@example.com' });
    await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [order] } });
    await waitUntil(
      async () => (await stack.call('posCore', 'GET', `/v1/orders/${order.id}`, { as: 'manager' })).body.order.status === 'confirmed',
      'the café order to confirm',
    );
    return order.id;
  }

  beforeAll(async () => {
    consumers = await startConsumerProcesses({ stack });
  }, 120_000);
  afterAll(() => consumers?.stop());

  it('when the consumers caught up and their invariants hold, then it finds nothing and its census counts their effects', async () => {
    await cafeSale();
    const { census, violations } = await checkConsumers(consumers, LIVENESS_BOUNDS.consumersCaughtUpMs);
    expect(violations).toEqual([]);
    expect(census).toMatchObject({ caughtUp: true, lag: { kitchen: 0, notification: 0 }, violations: [] });
    expect(census.tickets.open).toBeGreaterThanOrEqual(1);
    expect(census.mails.receipts).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('when a confirmed café order lost its live ticket and its receipt went out twice, then it reports K1 and N1 for that order', async () => {
    const id = await cafeSale();
    expect((await checkConsumers(consumers, LIVENESS_BOUNDS.consumersCaughtUpMs)).violations).toEqual([]);
    const receipt = consumers.mail.messages().find((m) => m.messageId?.startsWith(`<receipt.${id}@`));
    expect(receipt).toBeDefined();
    await consumers.kitchenDb.pool.query(`UPDATE kitchen_tickets SET status = 'voided' WHERE order_id = $1`, [id]);
    try {
      const planted = {
        lag: () => consumers.lag(),
        world: () => ({ ...consumers.world(), mails: [...consumers.mail.messages(), receipt!], notificationKills: [] }),
      };
      const { census, violations } = await checkConsumers(planted, 1_000);
      expect(violations).toEqual([
        { guarantee: 'K1', message: `confirmed kitchen order demo-store/${id} has tickets [voided]` },
        { guarantee: 'N1', message: `receipt of confirmed order ${id} sent 2 times` },
      ]);
      expect(census).toMatchObject({ caughtUp: false, lag: { kitchen: 0, notification: 0 } });
      expect(census.violations).toHaveLength(2);
      expect(census.duplicateMails).toEqual([{ messageId: receipt!.messageId, receivedAt: [receipt!.receivedAt, receipt!.receivedAt] }]);
    } finally {
      await consumers.kitchenDb.pool.query(`UPDATE kitchen_tickets SET status = 'open' WHERE order_id = $1`, [id]);
    }
  }, 60_000);

  it('when a consumer is down past the bound, then it reports liveness and the receipt not sent; started again, it catches up', async () => {
    await consumers.kill('notification');
    const id = await cafeSale();
    const { census, violations } = await checkConsumers(consumers, 1_000);
    expect(violations).toEqual([
      { guarantee: 'liveness', message: expect.stringMatching(/did not catch up within 1 s .*notification not answering/) },
      { guarantee: 'N1', message: `receipt of confirmed order ${id} sent 0 times` },
    ]);
    expect(census).toMatchObject({ caughtUp: false, lag: { kitchen: 0, notification: null } });
    await consumers.start('notification');
    expect((await checkConsumers(consumers, LIVENESS_BOUNDS.consumersCaughtUpMs)).violations).toEqual([]);
  }, 90_000);
});
