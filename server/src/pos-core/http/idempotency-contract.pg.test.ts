/**
 * The idempotency contract of DESIGN §4 as ONE table of cases, run against both ways a till submits
 * a sale: `POST /v1/orders` (the order id as Idempotency-Key) and an item of `POST /v1/orders/batch`
 * (the item's id is its key). Both go through the one implementation of common/idempotency.ts (the
 * staged claim and the batch claim share the claim statement and judgeKey), so each row must hold
 * for both. A batch answers per item: an item's result is read as the answer the single endpoint
 * would give (201 final / 202 pending, `replayed`, or the item's problem). What only a whole request
 * can meet (401, 413, 503 before anything was recorded) is answered for the whole batch.
 *
 * The same table is run for refunds (`POST /v1/refunds`, the refund id as Idempotency-Key; issue #14): a
 * Subject says what is submitted (an order, or a refund of a freshly sold order), how it is counted and
 * read back; the rows are the same.
 */
import { HEADERS } from '@pos/shared/http';
import { FINAL_STATUSES, type OrderSubmission } from '@pos/shared/order';
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderFactory } from '../../testing/test-orders.ts';
import { refundFactory } from '../../testing/test-refunds.ts';
import { OTHER_TERMINAL_ID, type StackAnswer, startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
const otherStore = orderFactory(OTHER_TERMINAL_ID);
const refunds = refundFactory();
const otherStoreRefunds = refundFactory(OTHER_TERMINAL_ID);
/** Card refunds whose Payment call is held until the test lets it go (a refund that stays pending). */
const heldRefunds = new Map<string, Promise<void>>();
beforeAll(async () => {
  stack = await startTestStack({
    posCore: { faults: { beforeStep: (step, id) => (step === 'refund' ? heldRefunds.get(id) : undefined) } },
  });
});
afterAll(() => stack?.stop());

type Caller = 'terminal' | 'otherTerminal' | null;

/** What a submission came to, however it was sent. */
interface Outcome {
  status: number;
  replayed: boolean;
  /** The status of what was submitted (the order's, or the refund's). */
  orderStatus: string | null;
  problemType: string | null;
  fieldPaths: string[];
  retryAfter: string | null;
}

const fromHttp = (res: StackAnswer): Outcome => ({
  status: res.status,
  replayed: res.headers.get(HEADERS.idempotentReplayed) === 'true',
  orderStatus: res.body?.order?.status ?? res.body?.refund?.status ?? null,
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

const refundSingle: Submitter = {
  name: 'POST /v1/refunds',
  keyPath: HEADERS.idempotencyKey,
  field: (path) => `refund.${path}`,
  retryAfterOn409: true,
  async send(refund, { key = (refund as { id: string }).id, as = 'terminal' } = {}) {
    return fromHttp(await stack.call('posCore', 'POST', '/v1/refunds', { body: refund, as, ...(key === null ? {} : { key }) }));
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

type Request = { id: string; lamport: number; lines: { quantity: number }[] } & Record<string, unknown>;

/** What the table submits: orders, or refunds of freshly sold orders. */
interface Subject {
  /** The table the first request's work is held on (withFirstInFlight). */
  table: 'orders' | 'refunds';
  /** The status a final request reaches here. */
  finalStatus: string;
  /** A request that reaches a final status when sent. */
  final(): Promise<Request>;
  /** A request durably recorded that stays pending; `release` lets it finish. */
  pending(): Promise<{ request: Request; release: () => void }>;
  /** The same request with another body. */
  changed(request: Request): Request;
  /** What the stored resource must still show after the changed body was refused. */
  kept(request: Request): Record<string, unknown>;
  /** A request of another till of this store (the caller may not submit it). */
  ofOtherTill(): Promise<Request>;
  /** A request of the other store with the same id as `request`. */
  inOtherStore(request: Request): Promise<Request>;
  /** GET path of the resource, and the terminal its view names. */
  path(id: string): string;
  terminalOf(body: { order?: { terminalId: string }; refund?: { terminalId: string } }): string | undefined;
  count(id: string): Promise<number | null>;
  /** The downstream side effect of a final request (a sale's stock movement, a refund's return to stock), counted. */
  effects(id: string): Promise<number | null>;
}

const orderSubject: Subject = {
  table: 'orders',
  finalStatus: 'confirmed',
  final: async () => orders.cash() as Request,
  pending: async () => ({ request: orders.card('tok_processor_timeout') as Request, release: () => {} }),
  changed: (order) => ({ ...order, lamport: order.lamport + 1 }),
  kept: (order) => ({ lamport: order.lamport, status: 'confirmed' }),
  ofOtherTill: async () => orderFactory('demo-till-2').cash() as Request,
  inOtherStore: async (order) => otherStore.cash([{}], { id: order.id }) as Request,
  path: (id) => `/v1/orders/${id}`,
  terminalOf: (body) => body.order?.terminalId,
  count: countOrders,
  effects: saleMovements,
};

/** Sells a cash (or card) sale of the demo till, confirmed, to refund. */
async function soldOrder(sale: OrderSubmission = orders.cash(), as: 'terminal' | 'otherTerminal' = 'terminal'): Promise<OrderSubmission> {
  expect([201, 202]).toContain((await stack.call('posCore', 'POST', '/v1/orders', { body: sale, key: sale.id, as })).status);
  const manager = as === 'terminal' ? 'manager' : 'otherManager';
  await waitUntil(
    async () => (await stack.call('posCore', 'GET', `/v1/orders/${sale.id}`, { as: manager })).body.order?.status === 'confirmed',
    `sale ${sale.id} to confirm`,
  );
  return sale;
}

const refundSubject: Subject = {
  table: 'refunds',
  finalStatus: 'completed',
  final: async () => refunds.of(await soldOrder()) as unknown as Request,
  async pending() {
    const request = refunds.of(await soldOrder(orders.card('tok_visa'))) as unknown as Request;
    let release = () => {};
    heldRefunds.set(request.id, new Promise<void>((resolve) => (release = resolve)));
    return { request, release };
  },
  changed: (refund) => ({ ...refund, reason: `${refund.reason} (changed)` }),
  kept: (refund) => ({ reason: refund.reason, status: 'completed' }),
  ofOtherTill: async () => refundFactory('demo-till-2').of(await soldOrder()) as unknown as Request,
  async inOtherStore(refund) {
    const theirs = await soldOrder(otherStore.cash(), 'otherTerminal');
    return { ...otherStoreRefunds.of(theirs), id: refund.id } as unknown as Request;
  },
  path: (id) => `/v1/refunds/${id}`,
  terminalOf: (body) => body.refund?.terminalId,
  count: async (id) => (await stack.pools.posCore.query('SELECT 1 FROM refunds WHERE id = $1', [id])).rowCount,
  effects: async (id) =>
    (await stack.pools.inventory.query(`SELECT 1 FROM stock_movements WHERE refund_id = $1 AND kind = 'return'`, [id])).rowCount,
};

/** The first submission holds its claim while the orders table is locked: it is "still being processed". */
async function withFirstInFlight(
  order: Request,
  then: () => Promise<void>,
  first_: Submitter = single,
  table: Subject['table'] = 'orders',
): Promise<void> {
  const blocker = await stack.pools.posCore.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const first = first_.send(order);
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
  run(s: Submitter, subject: Subject): Promise<void>;
}

const CASES: Case[] = [
  {
    row: 'first request that reaches a final status → 201 with the order',
    async run(s, subject) {
      const order = await subject.final();
      expect(await s.send(order)).toMatchObject({ status: 201, replayed: false, orderStatus: subject.finalStatus });
    },
  },
  {
    row: 'first request durably recorded but still pending → 202',
    async run(s, subject) {
      // Orders: the processor never answers in time. Refunds: Payment's refund is held. Recorded, still running.
      const { request: order, release } = await subject.pending();
      expect(await s.send(order)).toMatchObject({ status: 202, replayed: false, orderStatus: 'pending' });
      expect(await subject.count(order.id)).toBe(1);
      release();
    },
  },
  {
    row: 'same key and body, later → the order as it is now, Idempotent-Replayed, no new side effect',
    async run(s, subject) {
      const order = await subject.final();
      const first = await s.send(order);
      const again = await s.send(order);
      expect(again).toMatchObject({ status: first.status, replayed: true, orderStatus: first.orderStatus });
      expect(await subject.count(order.id)).toBe(1);
      await waitUntil(async () => (await subject.effects(order.id)) === 1, 'the side effect to happen');
      expect(await subject.effects(order.id)).toBe(1);
    },
  },
  {
    row: 'same key while the first is still being processed → 409 with Retry-After, meaning "try again later"',
    async run(s, subject) {
      const order = await subject.final();
      const first = s === batchItem ? single : s;
      await withFirstInFlight(
        order,
        async () => {
          const second = await s.send(order);
          expect(second).toMatchObject({ status: 409, problemType: problemType(PROBLEM_TYPES.idempotencyInFlight) });
          if (s.retryAfterOn409) expect(second.retryAfter).toMatch(/^\d+$/);
        },
        first,
        subject.table,
      );
      expect(await subject.count(order.id)).toBe(1);
    },
  },
  {
    row: 'same key, different body → 422 idempotency-key-reused; nothing changes',
    async run(s, subject) {
      const order = await subject.final();
      await s.send(order);
      const changed = await s.send(subject.changed(order));
      expect(changed).toMatchObject({ status: 422, problemType: problemType(PROBLEM_TYPES.idempotencyKeyReused) });
      const now = await stack.call('posCore', 'GET', subject.path(order.id));
      expect(now.body.order ?? now.body.refund).toMatchObject(subject.kept(order));
    },
  },
  {
    row: 'missing or malformed key → 400 naming it; nothing recorded',
    async run(s, subject) {
      for (const key of [null, 'not a key!']) {
        const order = await subject.final();
        const answer = await s.send(order, { key });
        expect(answer.status).toBe(400);
        expect(answer.fieldPaths).toContain(s.keyPath);
        expect(await subject.count(order.id)).toBe(0);
      }
    },
  },
  {
    row: 'invalid body → 400 naming the fields; nothing recorded',
    async run(s, subject) {
      const order = await subject.final();
      const answer = await s.send({ ...order, lines: [{ ...order.lines[0], quantity: 0 }] });
      expect(answer.status).toBe(400);
      expect(answer.fieldPaths).toContain(s.field('lines.0.quantity'));
      expect(await subject.count(order.id)).toBe(0);
    },
  },
  {
    row: 'bad or missing token → 401; nothing recorded',
    async run(s, subject) {
      const order = await subject.final();
      expect((await s.send(order, { as: null })).status).toBe(401);
      expect(await subject.count(order.id)).toBe(0);
    },
  },
  {
    row: 'keys are scoped per store: another store’s till with the same id → its own resource; ours is 404 to it',
    async run(s, subject) {
      const order = await subject.final();
      expect((await s.send(order)).status).toBe(201);
      const theirs = await subject.inOtherStore(order);
      expect(await s.send(theirs, { as: 'otherTerminal' })).toMatchObject({ status: 201, replayed: false });
      expect(subject.terminalOf((await stack.call('posCore', 'GET', subject.path(order.id), { as: 'manager' })).body)).toBe(
        order.terminalId,
      );
      expect(subject.terminalOf((await stack.call('posCore', 'GET', subject.path(order.id), { as: 'otherManager' })).body)).toBe(
        OTHER_TERMINAL_ID,
      );
    },
  },
  {
    row: 'a till submitting another till’s record → 403; nothing recorded',
    async run(s, subject) {
      const order = await subject.ofOtherTill();
      expect((await s.send(order)).status).toBe(403);
      expect(await subject.count(order.id)).toBe(0);
    },
  },
  {
    row: 'the database unavailable before the order was recorded → 503 with Retry-After; nothing recorded',
    async run(s, subject) {
      const order = await subject.final();
      await stack.restartPosCore({ poolMax: 1 });
      const held = await stack.services.posCore!.context.pool.connect();
      try {
        const answer = await s.send(order);
        expect(answer.status).toBe(503);
        expect(answer.retryAfter).toMatch(/^\d+$/);
      } finally {
        held.release();
        await stack.restartPosCore();
      }
      expect(await subject.count(order.id)).toBe(0);
    },
  },
  {
    row: 'one key fifty times at once → one resource, one first answer, the others replays or 409',
    async run(s, subject) {
      const order = await subject.final();
      const answers = await Promise.all(Array.from({ length: 50 }, () => s.send(order)));
      for (const a of answers) expect([201, 202, 409]).toContain(a.status);
      expect(answers.filter((a) => a.status !== 409 && !a.replayed)).toHaveLength(1);
      expect(await subject.count(order.id)).toBe(1);
      await waitUntil(async () => (await subject.effects(order.id)) === 1, 'the side effect to happen');
      expect(await subject.effects(order.id)).toBe(1);
    },
  },
];

describe.each([single, batchItem])('DESIGN §4 idempotency, $name', (submitter) => {
  it.each(CASES)('$row', (c) => c.run(submitter, orderSubject));
});

describe('DESIGN §4 idempotency, POST /v1/refunds', () => {
  it.each(CASES)('$row', (c) => c.run(refundSingle, refundSubject));
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
