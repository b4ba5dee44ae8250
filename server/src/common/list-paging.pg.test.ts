/**
 * The paging contract of every list endpoint (shared/src/page.ts), over real HTTP against the three
 * services: each list, longer than one page, read to its end by following `nextCursor`, yields every
 * entry exactly once and in order; bad paging parameters are 400 problem+json that name the field.
 */
import { discrepancyPage } from '@pos/shared/discrepancy';
import { eventPage } from '@pos/shared/event';
import { uuidv7 } from '@pos/shared/ids';
import { orderPage } from '@pos/shared/order';
import { paymentPage } from '@pos/shared/payment';
import { catalogDelta } from '@pos/shared/product';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { orderFactory } from '../testing/test-orders.ts';
import { OTHER_TENANT_ID, type StackTokens, startTestStack, type TestStack } from '../testing/test-stack.ts';

type Service = 'posCore' | 'inventory' | 'payment';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(() => stack?.stop());

/**
 * Reads a list from its start to its end with `limit` per page, checking every page against the list's
 * page schema and the contract (at most `limit` entries, `nextCursor` null exactly on the last page).
 */
async function readToEnd<S extends z.ZodType<{ nextCursor: string | null; hasMore: boolean }>>(
  service: Service,
  path: string,
  as: keyof StackTokens,
  schema: S,
  entriesOf: (page: z.output<S>) => unknown[],
  limit: number,
): Promise<{ entries: unknown[]; pages: number }> {
  const entries: unknown[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ limit: String(limit) });
    if (cursor !== null) query.set('cursor', cursor);
    const answer = await stack.call(service, 'GET', `${path}${path.includes('?') ? '&' : '?'}${query}`, { as });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const page = schema.parse(answer.body);
    pages += 1;
    expect(entriesOf(page).length).toBeLessThanOrEqual(limit);
    expect(page.hasMore).toBe(page.nextCursor !== null);
    entries.push(...entriesOf(page));
    cursor = page.nextCursor;
    expect(pages, 'the list ends').toBeLessThan(100);
  } while (cursor !== null);
  return { entries, pages };
}

const idsOf = (entries: unknown[]) => entries.map((e) => (e as { id: string }).id);

async function expectBadQuery(service: Service, path: string, as: keyof StackTokens, field: string) {
  const answer = await stack.call(service, 'GET', path, { as });
  expect(answer.status, `${path}: ${JSON.stringify(answer.body)}`).toBe(400);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body.errors.map((e: { path: string }) => e.path)).toContain(field);
}

describe('every list pages with an opaque cursor to its end', () => {
  it("when a till's orders span three pages, then following nextCursor reads each once, in seq order", async () => {
    const orders = orderFactory('demo-till-1', 1);
    const sent = [];
    for (let i = 0; i < 7; i++) {
      const order = orders.cash();
      expect([201, 202]).toContain((await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id })).status);
      sent.push(order);
    }
    const { entries, pages } = await readToEnd('posCore', '/v1/orders?terminalId=demo-till-1', 'manager', orderPage, (p) => p.orders, 3);
    expect(idsOf(entries)).toEqual(sent.map((o) => o.id));
    expect(pages).toBe(3);
    // `after` (a seq of the till) still starts the list after that sale.
    const afterFive = orderPage.parse((await stack.call('posCore', 'GET', '/v1/orders?terminalId=demo-till-1&after=5')).body);
    expect(afterFive.orders.map((o) => o.seq)).toEqual([6, 7]);
    expect(afterFive).toMatchObject({ nextCursor: null, hasMore: false });
  });

  it('when the discrepancies span three pages, then following nextCursor reads each once, oldest first', async () => {
    const batch = Array.from({ length: 7 }, (_, i) => ({
      orderId: uuidv7(),
      mode: 'force',
      lines: [{ lineNo: 1, productId: `unknown-${i}`, quantity: 1 }],
    }));
    const settled = await stack.call('inventory', 'POST', '/v1/reservations/batch', {
      as: 'service',
      tenant: OTHER_TENANT_ID,
      key: `settle:${uuidv7()}`,
      body: { orders: batch },
    });
    expect(settled.status, JSON.stringify(settled.body)).toBe(200);
    const { entries, pages } = await readToEnd(
      'inventory',
      '/v1/discrepancies',
      'otherManager',
      discrepancyPage,
      (p) => p.discrepancies,
      3,
    );
    // One batch settles its orders in its own order: compare as sets; the list itself is by id, oldest first.
    expect(entries.map((d) => (d as { orderId: string }).orderId).sort()).toEqual(batch.map((o) => o.orderId).sort());
    const ids = idsOf(entries).map(Number);
    expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
    expect(pages).toBe(3);
  });

  it("when the store's payments span three pages, then following nextCursor reads each once; by order id, only that order's", async () => {
    const orderIds = Array.from({ length: 5 }, () => uuidv7());
    for (const orderId of orderIds) {
      const body = { orderId, amount: 500, currency: 'EUR', cardToken: 'tok_visa' };
      const answer = await stack.call('payment', 'POST', '/v1/payments', {
        as: 'service',
        tenant: OTHER_TENANT_ID,
        key: `${orderId}:authorize`,
        body,
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    }
    const { entries, pages } = await readToEnd('payment', '/v1/payments', 'otherManager', paymentPage, (p) => p.payments, 2);
    expect(entries.map((p) => (p as { orderId: string }).orderId)).toEqual(orderIds);
    expect(new Set(idsOf(entries)).size).toBe(5);
    expect(pages).toBe(3);
    const one = paymentPage.parse((await stack.call('payment', 'GET', `/v1/payments?orderId=${orderIds[2]}`, { as: 'otherManager' })).body);
    expect(one).toMatchObject({ payments: [{ orderId: orderIds[2] }], nextCursor: null, hasMore: false });
  });

  it('when the catalogue delta spans pages, then following nextCursor reads each change once and `cursor` still resumes the delta', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `paged-${i}`);
    for (const [i, id] of ids.entries()) {
      const product = { id, sku: `PG-${i}`, barcode: `2990000000${i}`, name: id, category: 'test', price: 100 + i, taxRateBps: 700 };
      expect((await stack.call('inventory', 'POST', '/v1/products', { as: 'otherManager', key: uuidv7(), body: product })).status).toBe(
        201,
      );
    }
    const { entries, pages } = await readToEnd('inventory', '/v1/products', 'otherManager', catalogDelta, (p) => p.products, 3);
    expect(idsOf(entries)).toEqual(ids);
    expect(pages).toBe(3);
    const whole = catalogDelta.parse((await stack.call('inventory', 'GET', '/v1/products?limit=1000', { as: 'otherManager' })).body);
    expect(whole).toMatchObject({ nextCursor: null, hasMore: false });
    const since = catalogDelta.parse(
      (await stack.call('inventory', 'GET', `/v1/products?since=${whole.cursor}`, { as: 'otherManager' })).body,
    );
    expect(since).toMatchObject({ products: [], deleted: [], cursor: whole.cursor, nextCursor: null, hasMore: false });
  });

  it("when Inventory's and Payment's event lists span pages, then following nextCursor reads each event once, in feed order", async () => {
    for (const service of ['inventory', 'payment'] as const) {
      // The stack's relay and the tests above put events into both feeds; read the whole feed at once to compare.
      const whole = eventPage.parse((await stack.call(service, 'GET', '/v1/events?limit=1000', { as: 'otherManager' })).body);
      expect(whole.events.length, service).toBeGreaterThanOrEqual(5);
      expect(whole.hasMore).toBe(false);
      const { entries, pages } = await readToEnd(service, '/v1/events', 'otherManager', eventPage, (p) => p.events, 2);
      expect(idsOf(entries).slice(0, whole.events.length), service).toEqual(idsOf(whole.events));
      expect(new Set(idsOf(entries)).size).toBe(entries.length);
      expect(pages).toBe(Math.ceil(entries.length / 2));
      // `after` (an event id) still starts the list after that event, as POS Core's relay asks.
      const after = eventPage.parse(
        (await stack.call(service, 'GET', `/v1/events?after=${whole.events[1]!.id}`, { as: 'service', tenant: OTHER_TENANT_ID })).body,
      );
      expect(idsOf(after.events).slice(0, 2)).toEqual(idsOf(whole.events.slice(2, 4)));
    }
  });
});

describe('bad paging parameters', () => {
  const lists: [Service, string, keyof StackTokens][] = [
    ['posCore', '/v1/orders?terminalId=demo-till-1&', 'manager'],
    ['inventory', '/v1/discrepancies?', 'manager'],
    ['inventory', '/v1/products?', 'manager'],
    ['inventory', '/v1/events?', 'manager'],
    ['payment', '/v1/payments?', 'manager'],
    ['payment', '/v1/events?', 'manager'],
  ];

  it('when a cursor is made up, belongs to another list, or a limit is out of range, then 400 problem+json naming the field', async () => {
    const ordersPage = orderPage.parse(
      (await stack.call('posCore', 'GET', '/v1/orders?terminalId=demo-till-1&limit=1', { as: 'manager' })).body,
    );
    const foreign = ordersPage.nextCursor!;
    expect(foreign).toEqual(expect.any(String));
    for (const [service, path, as] of lists) {
      if (service !== 'posCore') await expectBadQuery(service, `${path}cursor=${foreign}`, as, 'cursor');
      await expectBadQuery(service, `${path}cursor=not-a-cursor`, as, 'cursor');
      await expectBadQuery(service, `${path}cursor=${'A'.repeat(600)}`, as, 'cursor');
      await expectBadQuery(service, `${path}limit=0`, as, 'limit');
      await expectBadQuery(service, `${path}limit=1001`, as, 'limit');
      await expectBadQuery(service, `${path}limit=ten`, as, 'limit');
    }
    await expectBadQuery('posCore', `/v1/orders?terminalId=demo-till-1&after=1&cursor=${foreign}`, 'manager', 'cursor');
    await expectBadQuery('inventory', `/v1/products?since=1&cursor=${foreign}`, 'manager', 'cursor');
    await expectBadQuery('inventory', '/v1/discrepancies?after=1', 'manager', '(root)');
  });
});
