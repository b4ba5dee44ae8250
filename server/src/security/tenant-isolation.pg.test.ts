/**
 * G7 across the three services: the demo store (configured credentials) against a store made the
 * production way (operator → manager → paired till, tokens checked by POS Core's database and by
 * Inventory's and Payment's introspection). Every attempt on another store's ids answers 404 or
 * sees nothing, and changes nothing of the other store.
 */
import type { PosEvent } from '@pos/shared/event';
import { stepKey } from '@pos/shared/http';
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callService } from '../testing/call-service.ts';
import { newPairingCode, type ProvisionedStore, pair, provisionStore, submitConfirmed } from '../testing/store-fixtures.ts';
import { CROISSANT, orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';

let stack: TestStack;
let storeB: ProvisionedStore;
const demoOrders = orderFactory();
let bOrders: ReturnType<typeof orderFactory>;
/** A confirmed card order of the demo store, target of store B's attempts. */
let demoCardOrder: OrderSubmission;

beforeAll(async () => {
  stack = await startTestStack();
  storeB = await provisionStore(stack, 'Store B', 'b-till-1');
  bOrders = orderFactory(storeB.terminalId);
  demoCardOrder = demoOrders.card('tok_visa');
  await submitConfirmed(stack, stack.tokens.terminal, demoCardOrder);
}, 60_000);
afterAll(() => stack?.stop());

const asB = (service: 'posCore' | 'inventory' | 'payment', method: string, path: string, body?: unknown, token = storeB.terminalToken) =>
  callService(stack.urls[service], method, path, { token, body, ...(method === 'POST' ? { key: uuidv7() } : {}) });

describe('tenant isolation (G7)', () => {
  it("when a till or manager of store B reads the demo store's order, then 404", async () => {
    expect((await asB('posCore', 'GET', `/v1/orders/${demoCardOrder.id}`)).status).toBe(404);
    expect((await asB('posCore', 'GET', `/v1/orders/${demoCardOrder.id}`, undefined, storeB.managerToken)).status).toBe(404);
  });

  it("when store B cancels the demo store's order, then 404 and the order stays confirmed", async () => {
    expect((await asB('posCore', 'POST', `/v1/orders/${demoCardOrder.id}/cancel`, {}, storeB.managerToken)).status).toBe(404);
    expect((await asB('posCore', 'POST', `/v1/orders/${demoCardOrder.id}/cancel`, {})).status).toBe(404);
    expect((await stack.call('posCore', 'GET', `/v1/orders/${demoCardOrder.id}`)).body.order.status).toBe('confirmed');
  });

  it("when store B's manager reconciles the demo store's till, then it sees nothing of it", async () => {
    const answer = await asB('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation', undefined, storeB.managerToken);
    expect(answer.status).toBe(200);
    expect(answer.body.lastSeq).toBe(0);
    expect(JSON.stringify(answer.body)).not.toContain(demoCardOrder.id);
    expect((await asB('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation')).status).toBe(404);
  });

  it("when store B's manager lists the demo store's till's orders, then the list is empty", async () => {
    const answer = await asB('posCore', 'GET', '/v1/orders?terminalId=demo-till-1', undefined, storeB.managerToken);
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(demoCardOrder.id);
  });

  it("when store B's manager reads the demo store's payments, then it sees none", async () => {
    const mine = await stack.call('payment', 'GET', `/v1/payments?orderId=${demoCardOrder.id}`, { as: 'manager' });
    expect(mine.body.payments).toHaveLength(1);
    const theirs = await asB('payment', 'GET', `/v1/payments?orderId=${demoCardOrder.id}`, undefined, storeB.managerToken);
    expect(theirs.status).toBe(200);
    expect(theirs.body.payments).toEqual([]);
  });

  it('when a till of store B asks Payment or Inventory to move money or stock, then 403', async () => {
    const pay = await asB('payment', 'POST', `/v1/payments/${demoCardOrder.id}/refund`, { amount: 1 });
    expect(pay.status).toBe(403);
    const manager = await asB('payment', 'POST', `/v1/payments/${demoCardOrder.id}/void`, {}, storeB.managerToken);
    expect(manager.status).toBe(403);
    const reserve = await asB('inventory', 'POST', '/v1/reservations', {
      orderId: uuidv7(),
      mode: 'force',
      lines: [{ lineNo: 1, productId: CROISSANT.productId, quantity: 1 }],
    });
    expect(reserve.status).toBe(403);
  });

  it("when the service acts for store B with the demo store's order ids, then the demo store's reservation and payment are untouched", async () => {
    const asService = (service: 'inventory' | 'payment', path: string, step: 'commit' | 'release' | 'void' | 'refund', body: unknown) =>
      stack.call(service, 'POST', path, { as: 'service', tenant: storeB.storeId, key: stepKey(demoCardOrder.id, step), body });
    expect((await asService('inventory', `/v1/reservations/${demoCardOrder.id}/commit`, 'commit', {})).status).toBe(404);
    const release = await asService('inventory', `/v1/reservations/${demoCardOrder.id}/release`, 'release', {});
    expect(release.body.reservation?.lines ?? []).toEqual([]);
    expect((await asService('payment', `/v1/payments/${demoCardOrder.id}/refund`, 'refund', { amount: 1 })).status).toBe(404);
    // A void of an unknown payment is a recorded no-op (a tombstone in store B): it must reveal nothing.
    const voided = await asService('payment', `/v1/payments/${demoCardOrder.id}/void`, 'void', {});
    expect(voided.body.payment?.amount ?? 0).toBe(0);
    const reservation = await stack.call('inventory', 'GET', `/v1/reservations/${demoCardOrder.id}`, { as: 'manager' });
    expect(reservation.body.reservation.status).toBe('committed');
    const payment = await stack.call('payment', 'GET', `/v1/payments?orderId=${demoCardOrder.id}`, { as: 'manager' });
    expect(payment.body.payments[0]).toMatchObject({ status: 'captured', refundedAmount: 0 });
    // Store B now holds its own empty "released" tombstone under that id; it reveals nothing of the demo store's.
    const seenByB = await asB('inventory', 'GET', `/v1/reservations/${demoCardOrder.id}`, undefined, storeB.managerToken);
    expect(seenByB.body.reservation).toMatchObject({ status: 'released', lines: [] });
  });

  it('when two stores submit the same order id (the same Idempotency-Key), then they are two independent orders', async () => {
    const demo = demoOrders.cash([{ product: CROISSANT, quantity: 2 }]);
    const b: OrderSubmission = { ...bOrders.cash([{ product: CROISSANT, quantity: 5 }]), id: demo.id };
    const first = await stack.call('posCore', 'POST', '/v1/orders', { body: demo, key: demo.id });
    const second = await callService(stack.urls.posCore, 'POST', '/v1/orders', { token: storeB.terminalToken, body: b, key: b.id });
    expect([201, 202]).toContain(first.status);
    expect([201, 202]).toContain(second.status);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(second.body.order).toMatchObject({ id: demo.id, terminalId: storeB.terminalId, total: 5 * CROISSANT.unitPrice });
    const demoView = await stack.call('posCore', 'GET', `/v1/orders/${demo.id}`);
    expect(demoView.body.order).toMatchObject({ terminalId: 'demo-till-1', total: 2 * CROISSANT.unitPrice });
    const rows = await stack.pools.posCore.query('SELECT tenant_id FROM orders WHERE id = $1 ORDER BY tenant_id', [demo.id]);
    expect(rows.rows.map((r) => r.tenant_id).sort()).toEqual(['demo-store', storeB.storeId].sort());
  });

  it('when both stores sell the same product id, then each store’s stock moves alone', async () => {
    const read = async (token: string) =>
      (await callService(stack.urls.inventory, 'GET', `/v1/products/${CROISSANT.productId}`, { token })).body.product.onHand;
    const demoBefore = await read(stack.tokens.manager);
    const bBefore = await read(storeB.managerToken);
    const b = bOrders.cash([{ product: CROISSANT, quantity: 3 }]);
    await submitConfirmed(stack, storeB.terminalToken, b);
    expect(await read(storeB.managerToken)).toBe(bBefore - 3);
    expect(await read(stack.tokens.manager)).toBe(demoBefore);
  });

  it('when store B asks for a product only the demo store has, then 404', async () => {
    const demoIds: string[] = (await stack.call('inventory', 'GET', '/v1/products?limit=1000')).body.products.map(
      (p: { id: string }) => p.id,
    );
    const onlyDemo = demoIds.find((id) => !['p-espresso', 'p-croissant', 'p-limited-edition-mug'].includes(id));
    expect(onlyDemo).toBeDefined();
    expect((await asB('inventory', 'GET', `/v1/products/${onlyDemo}`)).status).toBe(404);
    expect((await asB('inventory', 'GET', `/v1/products/${onlyDemo}`, undefined, storeB.managerToken)).status).toBe(404);
    const delta = await asB('inventory', 'GET', '/v1/products?limit=1000');
    expect(delta.body.products.map((p: { id: string }) => p.id).sort()).toEqual(['p-croissant', 'p-espresso', 'p-limited-edition-mug']);
  });

  it("when the demo store's till or manager asks for store B's order, then 404", async () => {
    const b = bOrders.cash();
    await submitConfirmed(stack, storeB.terminalToken, b);
    expect((await stack.call('posCore', 'GET', `/v1/orders/${b.id}`)).status).toBe(404);
    expect((await stack.call('posCore', 'GET', `/v1/orders/${b.id}`, { as: 'manager' })).status).toBe(404);
    expect((await stack.call('posCore', 'POST', `/v1/orders/${b.id}/cancel`, { as: 'manager', body: {} })).status).toBe(404);
    expect((await callService(stack.urls.posCore, 'GET', `/v1/orders/${b.id}`, { token: storeB.terminalToken })).status).toBe(200);
  });

  it("when the demo store's till submits an order naming store B's till, then it is refused and store B has nothing new", async () => {
    const forged = orderFactory(storeB.terminalId, 9_000).cash();
    const answer = await stack.call('posCore', 'POST', '/v1/orders', { body: forged, key: forged.id });
    expect(answer.status).toBe(403);
    expect((await callService(stack.urls.posCore, 'GET', `/v1/orders/${forged.id}`, { token: storeB.managerToken })).status).toBe(404);
  });

  it("when the demo store's manager revokes or rotates store B's till, then 404 and B's till keeps working", async () => {
    expect((await stack.call('posCore', 'POST', `/v1/terminals/${storeB.terminalId}/revoke`, { as: 'manager', body: {} })).status).toBe(
      404,
    );
    expect((await stack.call('posCore', 'POST', `/v1/terminals/${storeB.terminalId}/token`, { as: 'manager', body: {} })).status).toBe(404);
    expect((await asB('posCore', 'GET', `/v1/terminals/${storeB.terminalId}/reconciliation`)).status).toBe(200);
  });

  it('when a till of store B rotates another till’s token, then 404', async () => {
    expect((await asB('posCore', 'POST', '/v1/terminals/demo-till-1/token', {})).status).toBe(404);
    expect((await asB('posCore', 'POST', '/v1/terminals/b-till-2/token', {})).status).toBe(404);
  });

  it("when a till pairs with the demo store's code, then it belongs to the demo store and can reach nothing of store B", async () => {
    const code = await newPairingCode(stack, stack.tokens.manager);
    const paired = await pair(stack, code, storeB.terminalId);
    expect(paired.status).toBe(201);
    expect(paired.body.storeId).toBe('demo-store');
    const intruder = paired.body.token as string;
    const bOrder = bOrders.cash();
    await submitConfirmed(stack, storeB.terminalToken, bOrder);
    expect((await callService(stack.urls.posCore, 'GET', `/v1/orders/${bOrder.id}`, { token: intruder })).status).toBe(404);
    const recon = await callService(stack.urls.posCore, 'GET', `/v1/terminals/${storeB.terminalId}/reconciliation`, { token: intruder });
    expect(recon.body.lastSeq).toBe(0);
    // Store B's own till of that id is unaffected by the demo store's pairing.
    expect((await asB('posCore', 'GET', `/v1/orders/${bOrder.id}`)).status).toBe(200);
  });

  it("when store B's manager uses a pairing code of the demo store, it cannot revoke the till it paired", async () => {
    const code = await newPairingCode(stack, stack.tokens.manager);
    expect((await pair(stack, code, 'demo-till-9')).status).toBe(201);
    expect((await asB('posCore', 'POST', '/v1/terminals/demo-till-9/revoke', {}, storeB.managerToken)).status).toBe(404);
    expect((await stack.call('posCore', 'POST', '/v1/terminals/demo-till-9/revoke', { as: 'manager', body: {} })).status).toBe(200);
  });

  it("when store B's till reads its event feed, then it sees only store B's events", async () => {
    const demoOrder = demoOrders.cash();
    await submitConfirmed(stack, stack.tokens.terminal, demoOrder);
    const bOrder = bOrders.cash();
    await submitConfirmed(stack, storeB.terminalToken, bOrder);
    const events = await readFeed(storeB.terminalToken, (seen) =>
      seen.some((e) => e.correlationId === bOrder.id && e.type === 'order.confirmed'),
    );
    // Orders of the demo store alone: the same-id test made one id exist in both stores, and the
    // service-credential test left a void tombstone in store B under the demo card order's id.
    const demoOnly = await stack.pools.posCore.query(
      `SELECT id FROM orders WHERE tenant_id = 'demo-store' AND id <> $2 EXCEPT SELECT id FROM orders WHERE tenant_id = $1`,
      [storeB.storeId, demoCardOrder.id],
    );
    const demoIds = new Set(demoOnly.rows.map((r) => r.id));
    expect(demoIds.size).toBeGreaterThan(0);
    expect(events.filter((e) => e.correlationId && demoIds.has(e.correlationId))).toEqual([]);
    const mine = await stack.pools.posCore.query(`SELECT count(*)::int AS n FROM orders WHERE tenant_id = $1`, [storeB.storeId]);
    expect(mine.rows[0].n).toBeGreaterThan(0);
  });
});

async function readFeed(token: string, done: (events: PosEvent[]) => boolean): Promise<PosEvent[]> {
  const abort = new AbortController();
  const events: PosEvent[] = [];
  return waitUntil(async () => {
    const res = await fetch(`${stack.urls.posCore}/v1/events`, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    const timeout = setTimeout(() => abort.abort(), 15_000);
    try {
      while (!done(events)) {
        const { value, done: ended } = await reader.read();
        if (ended) break;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data) events.push(JSON.parse(data));
        }
      }
    } finally {
      clearTimeout(timeout);
      abort.abort();
    }
    return events;
  }, 'store B feed');
}
