/**
 * The manager's console API (http/store-router.ts) on the real services: the till's sync report and
 * the tills' missing sequence numbers, the store-wide order list, an order's timeline, the attention
 * list with its actions (idempotent, recorded with who did it), the sales report — all tenant-scoped,
 * with 400s that change nothing.
 */
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { HEADERS } from '@pos/shared/http';
import { DEFAULT_STORE_SETTINGS } from '@pos/shared/store-settings';
import { formatTillSyncReport } from '@pos/shared/till-sync-report';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROISSANT, ESPRESSO, orderFactory } from '../../testing/test-orders.ts';
import { type StackCallOptions, startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

const TILL_A = 'console-till-a';
const TILL_B = 'console-till-b';
const TILL_R = 'console-till-r'; // paired through the API (a till the manager can rotate)
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ terminals: [TILL_A, TILL_B] });
});
afterAll(() => stack?.stop());

const asManager: StackCallOptions = { as: 'manager' };
const get = (path: string, as: 'manager' | 'otherManager' | 'terminal' = 'manager') => stack.call('posCore', 'GET', path, { as });
const batchAs = (terminalId: string, orders: unknown[], report?: string) =>
  stack.call('posCore', 'POST', '/v1/orders/batch', {
    as: null,
    body: { orders },
    headers: {
      Authorization: `Bearer ${stack.terminalTokens[terminalId]}`,
      ...(report === undefined ? {} : { [HEADERS.tillSync]: report }),
    },
  });
const tillOf = async (terminalId: string) => {
  const answer = await get('/v1/store/tills');
  expect(answer.status).toBe(200);
  return answer.body.tills.find((t: { terminalId: string }) => t.terminalId === terminalId);
};

describe('sync health: GET /v1/store/tills', () => {
  it('when a till reports a last seq above what arrived, then its missing numbers are named and shrink to none as the rest arrives', async () => {
    const orders = orderFactory(TILL_A);
    const all = Array.from({ length: 5 }, () => orders.cash());
    const oldest = all[2]!.createdAt;
    const first = await batchAs(TILL_A, all.slice(0, 2), formatTillSyncReport({ unsynced: 3, oldestUnsyncedAt: oldest, lastSeq: 5 }));
    expect(first.status).toBe(200);
    const during = await tillOf(TILL_A);
    expect(during).toMatchObject({ lastSeqReceived: 2, missingCount: 3, missing: [{ from: 3, to: 5 }], silent: false });
    expect(during.reported).toMatchObject({ unsynced: 3, oldestUnsyncedAt: new Date(oldest).toISOString(), lastSeq: 5 });
    expect(Date.now() - Date.parse(during.lastSeenAt)).toBeLessThan(60_000);

    // Seq 5 before 3 and 4: a gap below the highest received, then none.
    await batchAs(TILL_A, [all[4]], formatTillSyncReport({ unsynced: 2, oldestUnsyncedAt: oldest, lastSeq: 5 }));
    expect(await tillOf(TILL_A)).toMatchObject({ lastSeqReceived: 5, missingCount: 2, missing: [{ from: 3, to: 4 }] });
    await batchAs(TILL_A, all.slice(2, 4), formatTillSyncReport({ unsynced: 0, oldestUnsyncedAt: null, lastSeq: 5 }));
    expect(await tillOf(TILL_A)).toMatchObject({
      lastSeqReceived: 5,
      missingCount: 0,
      missing: [],
      reported: { unsynced: 0, oldestUnsyncedAt: null },
    });
  });

  it('when the header is malformed, then the batch is refused with 400 naming it and nothing is recorded', async () => {
    const order = orderFactory(TILL_B).cash();
    for (const bad of [
      'unsynced=x; last-seq=1',
      'last-seq=1',
      'unsynced=1; last-seq=1; extra=2',
      'unsynced=1; oldest=yesterday; last-seq=1',
    ]) {
      const answer = await batchAs(TILL_B, [order], bad);
      expect(answer.status, bad).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.detail).toContain(HEADERS.tillSync);
    }
    expect((await get(`/v1/orders/${order.id}`)).status).toBe(404);
    expect(await tillOf(TILL_B)).toBeUndefined();
  });

  it('when a till was not heard from for longer than the store setting, then it is silent', async () => {
    await batchAs(TILL_B, [orderFactory(TILL_B).cash()]);
    expect((await tillOf(TILL_B)).silent).toBe(false);
    const put = await stack.call('posCore', 'PUT', '/v1/store/settings', { ...asManager, body: { tillSilentAfterSeconds: 60 } });
    expect(put.status).toBe(200);
    await stack.pools.posCore.query(`UPDATE till_contacts SET last_seen_at = now() - interval '61 seconds' WHERE terminal_id = $1`, [
      TILL_B,
    ]);
    expect((await tillOf(TILL_B)).silent).toBe(true);
    expect((await get('/v1/store/tills')).body.silentAfterSeconds).toBe(60);
    const bad = await stack.call('posCore', 'PUT', '/v1/store/settings', { ...asManager, body: { tillSilentAfterSeconds: 1 } });
    expect(bad.status).toBe(400);
    expect((await get('/v1/store/settings')).body).toEqual({ ...DEFAULT_STORE_SETTINGS, tillSilentAfterSeconds: 60 });
  });

  it('when another store’s manager or a till asks, then it sees none of these tills', async () => {
    const theirs = await get('/v1/store/tills', 'otherManager');
    expect(theirs.status).toBe(200);
    expect(theirs.body.tills.map((t: { terminalId: string }) => t.terminalId)).not.toContain(TILL_A);
    expect((await get('/v1/store/tills', 'terminal')).status).toBe(403);
  });
});

describe('orders: GET /v1/store/orders and the timeline', () => {
  it('when filtered and paged, then every matching order comes exactly once, newest first', async () => {
    // TILL_A's five orders came in three batches; orders of one batch share their received time (one transaction).
    const read: string[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ terminalId: TILL_A, limit: '2', ...(cursor ? { cursor } : {}) });
      const page = await get(`/v1/store/orders?${query}`);
      expect(page.status).toBe(200);
      read.push(...page.body.orders.map((o: { id: string }) => o.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(read).toHaveLength(5);
    expect(new Set(read).size).toBe(5);
    const seqs: number[] = [];
    for (const id of read) seqs.push((await get(`/v1/orders/${id}`)).body.order.seq);
    // Newest batch first; within a batch (one received time) by id, descending.
    expect([new Set(seqs.slice(0, 2)), seqs[2], new Set(seqs.slice(3))]).toEqual([new Set([3, 4]), 5, new Set([1, 2])]);
  });

  it('when filtering by status and tender and period, then only matching orders come', async () => {
    const byStatus = await get('/v1/store/orders?status=confirmed&tender=cash&limit=1000');
    expect(byStatus.status).toBe(200);
    expect(byStatus.body.orders.length).toBeGreaterThan(0);
    expect(
      byStatus.body.orders.every(
        (o: { status: string; tenders: { type: string }[] }) => o.status === 'confirmed' && o.tenders.some((t) => t.type === 'cash'),
      ),
    ).toBe(true);
    expect((await get('/v1/store/orders?tender=card')).body.orders).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await get(`/v1/store/orders?from=${encodeURIComponent(future)}`)).body.orders).toEqual([]);
    for (const bad of ['status=lost', 'tender=cheque', 'from=yesterday', 'cursor=nope', 'limit=0', 'colour=red']) {
      const answer = await get(`/v1/store/orders?${bad}`);
      expect(answer.status, bad).toBe(400);
    }
    expect((await get('/v1/store/orders', 'otherManager')).body.orders).toEqual([]);
  });

  it('when an order confirmed, then its timeline has its saga steps, its events with Lamport times and correlation id', async () => {
    const order = orderFactory(TILL_B, 10).cash([{ product: CROISSANT }]);
    await batchAs(TILL_B, [order]);
    await waitUntil(async () => (await get(`/v1/orders/${order.id}`)).body.order.status === 'confirmed', 'the order to confirm');
    await waitUntil(
      async () => (await get(`/v1/orders/${order.id}/timeline`)).body.events.some((e: { type: string }) => e.type === 'order.confirmed'),
      'the confirmation event',
    );
    const { body, status } = await get(`/v1/orders/${order.id}/timeline`);
    expect(status).toBe(200);
    expect(body.correlationId).toBe(order.id);
    expect(body.transitions.map((t: { to: string }) => t.to)).toContain('done');
    expect(body.events.every((e: { correlationId: string; lamport: number }) => e.correlationId === order.id && e.lamport > 0)).toBe(true);
    expect(body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['order.received', 'order.confirmed']));
    expect((await get(`/v1/orders/${order.id}/timeline`, 'otherManager')).status).toBe(404);
    expect((await get('/v1/orders/not-an-id/timeline')).status).toBe(400);
  });
});

describe('timeline of a card order', () => {
  it('when a card order confirms, then its timeline has its payments and reservation (relayed events) besides its saga steps', async () => {
    const order = orderFactory(DEMO_TERMINAL_ID, 1).card('tok_visa');
    const answer = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
    expect(answer.body.order.status).toBe('confirmed');
    const types = async () => ((await get(`/v1/orders/${order.id}/timeline`)).body.events as { type: string }[]).map((e) => e.type);
    await waitUntil(async () => (await types()).includes('payment.captured'), 'the relayed payment events', 15_000);
    expect(await types()).toEqual(
      expect.arrayContaining(['order.authorized', 'order.captured', 'payment.authorized', 'payment.captured', 'stock.changed']),
    );
  });
});

describe('exceptions: GET /v1/store/attention and its actions', () => {
  const act = (orderId: string, action: string, key: string | undefined, body: unknown = {}, as: 'manager' | 'otherManager' = 'manager') =>
    stack.call('posCore', 'POST', `/v1/store/attention/${orderId}/${action}`, { as, body, ...(key ? { key } : {}) });
  const listed = async () => (await get('/v1/store/attention?limit=1000')).body.items as { orderId: string; kinds: string[] }[];

  it('when a line sold at another price than the catalogue’s, then it is listed until a manager resolves it with a note, once', async () => {
    const order = orderFactory(TILL_B, 20).cash([{ product: { ...ESPRESSO, unitPrice: ESPRESSO.unitPrice - 10 } }]);
    await batchAs(TILL_B, [order]);
    await waitUntil(async () => (await listed()).some((i) => i.orderId === order.id), 'the mismatch to be listed');
    const item = (await listed()).find((i) => i.orderId === order.id);
    expect(item).toMatchObject({
      kinds: ['price_mismatch'],
      mismatches: [{ lineNo: 1, productId: ESPRESSO.productId, unitPrice: 240, catalogPrice: 250 }],
    });

    expect((await act(order.id, 'resolve', undefined, { note: 'x' })).status).toBe(400);
    expect((await act(order.id, 'resolve', 'r-1', { note: '' })).status).toBe(400);
    expect((await act(order.id, 'resolve', 'r-1', { note: 'ok', extra: 1 })).status).toBe(400);
    expect((await act(order.id, 'resolve', 'r-1', { note: 'old label on the shelf' }, 'otherManager')).status).toBe(404);
    expect((await listed()).some((i) => i.orderId === order.id)).toBe(true);

    const resolved = await act(order.id, 'resolve', 'r-1', { note: 'old label on the shelf' });
    expect(resolved.status).toBe(200);
    const again = await act(order.id, 'resolve', 'r-1', { note: 'old label on the shelf' });
    expect(again.status).toBe(200);
    expect(again.headers.get(HEADERS.idempotentReplayed)).toBe('true');
    expect((await act(order.id, 'resolve', 'r-1', { note: 'another note' })).status).toBe(422);
    expect((await act(order.id, 'resolve', 'r-2', { note: 'again' })).status).toBe(409);
    expect((await listed()).some((i) => i.orderId === order.id)).toBe(false);
    const timeline = await get(`/v1/orders/${order.id}/timeline`);
    expect(timeline.body.actions).toEqual([
      { action: 'resolve', note: 'old label on the shelf', by: 'demo-manager', at: expect.any(String) },
    ]);
  });

  it('when a sale stays pending because Inventory is unreachable, then it is listed as stuck, and cancel and compensate ends it once', async () => {
    await stack.restartPosCore({ inventoryUrl: 'http://127.0.0.1:1' });
    const order = orderFactory(TILL_B, 30).cash();
    await batchAs(TILL_B, [order]);
    await waitUntil(
      async () => (await listed()).some((i) => i.orderId === order.id && i.kinds.includes('stuck')),
      'the sale to be stuck',
      30_000,
    );
    expect((await act(order.id, 'cancel', undefined)).status).toBe(400);
    expect((await act(order.id, 'cancel', 'c-1', { reason: 'x' })).status).toBe(400);
    const retried = await act(order.id, 'retry', 'retry-1');
    expect(retried.status).toBe(200);
    expect(retried.body.order.status).toBe('pending');
    const cancel = await act(order.id, 'cancel', 'c-1');
    expect([200, 202]).toContain(cancel.status);
    expect((await act(order.id, 'cancel', 'c-1')).headers.get(HEADERS.idempotentReplayed)).toBe('true');
    await stack.restartPosCore();
    await waitUntil(async () => (await get(`/v1/orders/${order.id}`)).body.order.status === 'cancelled', 'the compensation', 30_000);
    expect((await act(order.id, 'retry', 'retry-2')).status).toBe(409);
    const { body } = await get(`/v1/orders/${order.id}/timeline`);
    expect(body.actions.map((a: { action: string; by: string }) => `${a.action}:${a.by}`)).toEqual([
      'retry:demo-manager',
      'cancel:demo-manager',
    ]);
  });
});

describe('reports: GET /v1/store/reports/sales', () => {
  it('when sales confirmed, then they are counted per hour and per till; a bad period is a 400', async () => {
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const to = new Date(Date.now() + 3_600_000).toISOString();
    const report = await get(`/v1/store/reports/sales?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    expect(report.status).toBe(200);
    const tillA = report.body.perTill.find((t: { terminalId: string }) => t.terminalId === TILL_A);
    expect(tillA.count).toBe(5);
    const perHourCount = report.body.perHour.reduce((n: number, h: { count: number }) => n + h.count, 0);
    const perTillCount = report.body.perTill.reduce((n: number, t: { count: number }) => n + t.count, 0);
    expect(perHourCount).toBe(perTillCount);
    expect(report.body.currency).toBe('EUR');
    expect((await get(`/v1/store/reports/sales?from=${encodeURIComponent(to)}&to=${encodeURIComponent(from)}`)).status).toBe(400);
    expect((await get('/v1/store/reports/sales')).status).toBe(400);
    const theirs = await get(`/v1/store/reports/sales?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, 'otherManager');
    expect(theirs.body.perTill).toEqual([]);
  });
});

describe('tills: a rotation the manager asks for, done by the till itself', () => {
  const rotate = (token: string, body: unknown) =>
    stack.call('posCore', 'POST', `/v1/terminals/${TILL_R}/token`, { as: null, body, headers: { Authorization: `Bearer ${token}` } });

  it('when the manager asks, then the till is told on the feed, may rotate once with its token, and the request is spent', async () => {
    const code = await stack.call('posCore', 'POST', '/v1/pairing-codes', { ...asManager, body: {} });
    const paired = await stack.call('posCore', 'POST', '/v1/pairing', { as: null, body: { code: code.body.code, terminalId: TILL_R } });
    expect(paired.status).toBe(201);
    const old: string = paired.body.token;
    expect((await rotate(old, { onlyIfRequested: true })).status).toBe(409);
    expect((await stack.call('posCore', 'POST', `/v1/terminals/${TILL_R}/rotation-request`, { as: 'terminal', body: {} })).status).toBe(
      403,
    );
    expect((await stack.call('posCore', 'POST', `/v1/terminals/${TILL_R}/rotation-request`, { as: 'otherManager', body: {} })).status).toBe(
      404,
    );
    expect(
      (await stack.call('posCore', 'POST', `/v1/terminals/${TILL_R}/rotation-request`, { ...asManager, body: { now: true } })).status,
    ).toBe(400);

    const asked = await stack.call('posCore', 'POST', `/v1/terminals/${TILL_R}/rotation-request`, { ...asManager, body: {} });
    expect(asked.status).toBe(202);
    const again = await stack.call('posCore', 'POST', `/v1/terminals/${TILL_R}/rotation-request`, { ...asManager, body: {} });
    expect(again.body.requestedAt).toBe(asked.body.requestedAt);
    expect((await tillOf(TILL_R)).rotationRequestedAt).toBe(asked.body.requestedAt);
    const events = await stack.pools.posCore.query(`SELECT correlation_id FROM outbox WHERE type = 'terminal.rotation_requested'`);
    expect(events.rows).toEqual([{ correlation_id: TILL_R }]);

    const rotated = await rotate(old, { onlyIfRequested: true });
    expect(rotated.status).toBe(201);
    expect(rotated.body.token).not.toBe(old);
    expect((await tillOf(TILL_R)).rotationRequestedAt).toBeNull();
    expect((await rotate(old, { onlyIfRequested: true })).status).toBe(409);
    const order = orderFactory(TILL_R).cash();
    const sent = await stack.call('posCore', 'POST', '/v1/orders/batch', {
      as: null,
      body: { orders: [order] },
      headers: { Authorization: `Bearer ${rotated.body.token}` },
    });
    expect(sent.status).toBe(200);
  });
});
