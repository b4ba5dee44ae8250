/**
 * The idempotency contract of DESIGN §4 as ONE table of cases, run against both ways a till submits
 * a sale: `POST /v1/orders` (the order id as Idempotency-Key) and an item of `POST /v1/orders/batch`
 * (the item's id is its key). Both go through the one implementation of common/idempotency.ts (the
 * staged claim and the batch claim share the claim statement and judgeKey), so each row must hold
 * for both. A batch answers per item: an item's result is read as the answer the single endpoint
 * would give (201 final / 202 pending, `replayed`, or the item's problem). What only a whole request
 * can meet (401, 413, 503 before anything was recorded) is answered for the whole batch.
 */
import { HEADERS } from '@pos/shared/http';
import { FINAL_STATUSES, type OrderStatus, type OrderSubmission } from '@pos/shared/order';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFactory } from '../../testing/test-orders.ts';
import { OTHER_TERMINAL_ID, type StackAnswer, startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
const otherStore = orderFactory(OTHER_TERMINAL_ID);
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

type Caller = 'terminal' | 'otherTerminal' | null;

/** What a submission came to, however it was sent. */
interface Outcome {
  status: number;
  replayed: boolean;
  orderStatus: OrderStatus | null;
  problemType: string | null;
  fieldPaths: string[];
  retryAfter: string | null;
}

const fromHttp = (res: StackAnswer): Outcome => ({
  status: res.status,
  replayed: res.headers.get(HEADERS.idempotentReplayed) === 'true',
  orderStatus: res.body?.order?.status ?? null,
  problemType: res.body?.type ?? null,
  fieldPaths: (res.body?.errors ?? []).map((e: { path: string }) => e.path),
  retryAfter: res.headers.get(HEADERS.retryAfter),
});

interface Submitter {
  name: string;
  /** Sends one order; `key` replaces its key (null: none). */
  send(order: object, options?: { key?: string | null; as?: Caller }): Promise<Outcome>;
  /** The field a missing or malformed key is named by. */
  keyPath: string;
  /** How an order field is named: the single endpoint names the body `order`; an item's errors name its own fields. */
  field(path: string): string;
  /** Whether a 409 carries Retry-After (a batch item's result is a problem body: the till retries what is pending anyway). */
  retryAfterOn409: boolean;
}

const single: Submitter = {
  name: 'POST /v1/orders',
  keyPath: HEADERS.idempotencyKey,
  field: (path) => `order.${path}`,
  retryAfterOn409: true,
  async send(order, { key = (order as { id: string }).id, as = 'terminal' } = {}) {
    return fromHttp(await stack.call('posCore', 'POST', '/v1/orders', { body: order, as, ...(key === null ? {} : { key }) }));
  },
};

const batchItem: Submitter = {
  name: 'an item of POST /v1/orders/batch',
  keyPath: 'id',
  field: (path) => path,
  retryAfterOn409: false,
  async send(order, { key, as = 'terminal' } = {}) {
    const item: Record<string, unknown> = { ...order };
    if (key === null) delete item.id;
    else if (key !== undefined) item.id = key;
    const res = await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [item] }, as });
    if (res.status !== 200) return fromHttp(res);
    expect(res.body.results).toHaveLength(1);
    const result = res.body.results[0];
    if (result.error) {
      return {
        status: result.error.status,
        replayed: false,
        orderStatus: null,
        problemType: result.error.type,
        fieldPaths: (result.error.errors ?? []).map((e: { path: string }) => e.path),
        retryAfter: null,
      };
    }
    const final = FINAL_STATUSES.includes(result.status);
    return {
      status: final ? 201 : 202,
      replayed: result.replayed,
      orderStatus: result.status,
      problemType: null,
      fieldPaths: [],
      retryAfter: null,
    };
  },
};

const countOrders = async (id: string) => (await stack.pools.posCore.query('SELECT 1 FROM orders WHERE id = $1', [id])).rowCount;
const saleMovements = async (id: string) =>
  (await stack.pools.inventory.query(`SELECT 1 FROM stock_movements WHERE order_id = $1 AND kind = 'sale'`, [id])).rowCount;
const problemType = (type: string) => PROBLEM_TYPE_BASE + type;

/** The first submission holds its claim while the orders table is locked: it is "still being processed". */
async function withFirstInFlight(order: OrderSubmission, then: () => Promise<void>): Promise<void> {
  const blocker = await stack.pools.posCore.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE orders IN SHARE ROW EXCLUSIVE MODE');
    const first = single.send(order);
    await waitUntil(
      async () =>
        (await stack.pools.posCore.query(`SELECT 1 FROM idempotency_keys WHERE key = $1 AND state = 'in_flight'`, [order.id])).rowCount ===
        1,
      'the first request to claim its key',
    );
    await then();
    await blocker.query('COMMIT');
    expect([201, 202]).toContain((await first).status);
  } finally {
    blocker.release();
  }
}

interface Case {
  /** The row of DESIGN §4's table, as it reads for this case. */
  row: string;
  run(s: Submitter): Promise<void>;
}

const CASES: Case[] = [
  {
    row: 'first request that reaches a final status → 201 with the order',
    async run(s) {
      const order = orders.cash();
      expect(await s.send(order)).toMatchObject({ status: 201, replayed: false, orderStatus: 'confirmed' });
    },
  },
  {
    row: 'first request durably recorded but still pending → 202',
    async run(s) {
      // The processor never answers in time: recorded, waiting for a retry of its authorization.
      const order = orders.card('tok_processor_timeout');
      expect(await s.send(order)).toMatchObject({ status: 202, replayed: false, orderStatus: 'pending' });
      expect(await countOrders(order.id)).toBe(1);
    },
  },
  {
    row: 'same key and body, later → the order as it is now, Idempotent-Replayed, no new side effect',
    async run(s) {
      const order = orders.cash([{ quantity: 2 }]);
      const first = await s.send(order);
      const again = await s.send(order);
      expect(again).toMatchObject({ status: first.status, replayed: true, orderStatus: first.orderStatus });
      expect(await countOrders(order.id)).toBe(1);
      expect(await saleMovements(order.id)).toBe(1);
    },
  },
  {
    row: 'same key while the first is still being processed → 409 with Retry-After, meaning "try again later"',
    async run(s) {
      const order = orders.cash();
      await withFirstInFlight(order, async () => {
        const second = await s.send(order);
        expect(second).toMatchObject({ status: 409, problemType: problemType(PROBLEM_TYPES.idempotencyInFlight) });
        if (s.retryAfterOn409) expect(second.retryAfter).toMatch(/^\d+$/);
      });
      expect(await countOrders(order.id)).toBe(1);
    },
  },
  {
    row: 'same key, different body → 422 idempotency-key-reused; nothing changes',
    async run(s) {
      const order = orders.cash();
      await s.send(order);
      const changed = await s.send({ ...order, lamport: order.lamport + 1 });
      expect(changed).toMatchObject({ status: 422, problemType: problemType(PROBLEM_TYPES.idempotencyKeyReused) });
      const now = await stack.call('posCore', 'GET', `/v1/orders/${order.id}`);
      expect(now.body.order).toMatchObject({ lamport: order.lamport, status: 'confirmed' });
    },
  },
  {
    row: 'missing or malformed key → 400 naming it; nothing recorded',
    async run(s) {
      for (const key of [null, 'not a key!']) {
        const order = orders.cash();
        const answer = await s.send(order, { key });
        expect(answer.status).toBe(400);
        expect(answer.fieldPaths).toContain(s.keyPath);
        expect(await countOrders(order.id)).toBe(0);
      }
    },
  },
  {
    row: 'invalid body → 400 naming the fields; nothing recorded',
    async run(s) {
      const order = orders.cash();
      const answer = await s.send({ ...order, lines: [{ ...order.lines[0], quantity: 0 }] });
      expect(answer.status).toBe(400);
      expect(answer.fieldPaths).toContain(s.field('lines.0.quantity'));
      expect(await countOrders(order.id)).toBe(0);
    },
  },
  {
    row: 'bad or missing token → 401; nothing recorded',
    async run(s) {
      const order = orders.cash();
      expect((await s.send(order, { as: null })).status).toBe(401);
      expect(await countOrders(order.id)).toBe(0);
    },
  },
  {
    row: 'keys are scoped per store: another store’s till with the same id → its own order; ours is 404 to it',
    async run(s) {
      const order = orders.cash();
      expect((await s.send(order)).status).toBe(201);
      const theirs = otherStore.cash([{}], { id: order.id });
      expect(await s.send(theirs, { as: 'otherTerminal' })).toMatchObject({ status: 201, replayed: false });
      expect((await stack.call('posCore', 'GET', `/v1/orders/${order.id}`)).body.order.terminalId).toBe(order.terminalId);
      expect((await stack.call('posCore', 'GET', `/v1/orders/${order.id}`, { as: 'otherManager' })).body.order.terminalId).toBe(
        OTHER_TERMINAL_ID,
      );
    },
  },
  {
    row: 'a till submitting another till’s sale → 403; nothing recorded',
    async run(s) {
      const order = orderFactory('demo-till-2').cash();
      expect((await s.send(order)).status).toBe(403);
      expect(await countOrders(order.id)).toBe(0);
    },
  },
  {
    row: 'the database unavailable before the order was recorded → 503 with Retry-After; nothing recorded',
    async run(s) {
      await stack.restartPosCore({ poolMax: 1 });
      const order = orders.cash();
      const held = await stack.services.posCore!.context.pool.connect();
      try {
        const answer = await s.send(order);
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toMatch(/^\d+$/);
      } finally {
        held.release();
        await stack.restartPosCore();
      }
      expect(await countOrders(order.id)).toBe(0);
    },
  },
  {
    row: 'one key fifty times at once → one order, one first answer, the others replays or 409',
    async run(s) {
      const order = orders.cash();
      const answers = await Promise.all(Array.from({ length: 50 }, () => s.send(order)));
      for (const a of answers) expect([201, 202, 409]).toContain(a.status);
      expect(answers.filter((a) => a.status !== 409 && !a.replayed)).toHaveLength(1);
      expect(await countOrders(order.id)).toBe(1);
      await waitUntil(async () => (await saleMovements(order.id)) === 1, 'the sale to leave stock');
      expect(await saleMovements(order.id)).toBe(1);
    },
  },
];

describe.each([single, batchItem])('DESIGN §4 idempotency, $name', (submitter) => {
  it.each(CASES)('$row', (c) => c.run(submitter));
});

describe('DESIGN §4 idempotency, across the two', () => {
  it('when a sale is sent alone and then in a batch (and the other way round), then it is recorded once and the second is a replay', async () => {
    for (const [first, second] of [
      [single, batchItem],
      [batchItem, single],
    ] as const) {
      const order = orders.cash();
      const answer = await first.send(order);
      expect(await second.send(order)).toMatchObject({ status: answer.status, replayed: true, orderStatus: answer.orderStatus });
      expect(await second.send({ ...order, lamport: order.lamport + 1 })).toMatchObject({ status: 422 });
      expect(await countOrders(order.id)).toBe(1);
    }
  });
});
