/**
 * The till's prices are kept with the sale, with the price-list version it used; a price that
 * differs from the current catalogue is recorded (catalogPrice per line + one order.price_mismatch
 * event), never refused — on the bulk cash path and on the per-step saga alike.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import type { PosEvent } from '@pos/shared/event';
import { catalogDelta } from '@pos/shared/product';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEvents } from '../../../common/outbox.ts';
import { CROISSANT, ESPRESSO, orderFactory } from '../../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../../testing/test-stack.ts';
import { waitUntil } from '../../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const getOrder = async (id: string) => (await stack.call('posCore', 'GET', `/v1/orders/${id}`, { as: 'manager' })).body.order;
/** The order's own events as the feed (GET /v1/events) serves them, once its final event is published. */
const eventsOf = (orderId: string): Promise<PosEvent[]> =>
  waitUntil(async () => {
    const published = await readEvents(stack.pools.posCore, DEMO_TENANT_ID, 0, 10_000);
    const mine = published.filter((e) => e.correlationId === orderId && e.type.startsWith('order.'));
    return mine.some((e) => e.type === 'order.confirmed') && mine;
  }, `the events of order ${orderId} to be published`);
const mismatchesOf = async (orderId: string) => (await eventsOf(orderId)).filter((e) => e.type === 'order.price_mismatch');

describe('till prices against the catalogue', () => {
  it('when an offline cash sale carries a stale price, then it confirms at the till’s price, its lines show the catalogue’s, and one price mismatch is in the feed', async () => {
    const stale = { ...ESPRESSO, unitPrice: ESPRESSO.unitPrice - 20 };
    const sale = orders.cash(
      [
        { product: stale, quantity: 2 },
        { product: CROISSANT, quantity: 1 },
      ],
      { captureMode: 'offline', priceListVersion: 3 },
    );
    // A batch from the till: cash sales take the bulk settlement path.
    const res = await stack.call('posCore', 'POST', '/v1/orders/batch', { body: { orders: [sale] } });
    expect(res.body.results).toEqual([{ id: sale.id, status: 'confirmed', replayed: false }]);

    const order = await getOrder(sale.id);
    expect(order).toMatchObject({ status: 'confirmed', total: 2 * stale.unitPrice + CROISSANT.unitPrice, priceListVersion: 3 });
    expect(
      order.lines.map((l: { lineNo: number; unitPrice: number; catalogPrice: number | null }) => [l.lineNo, l.unitPrice, l.catalogPrice]),
    ).toEqual([
      [1, stale.unitPrice, ESPRESSO.unitPrice],
      [2, CROISSANT.unitPrice, CROISSANT.unitPrice],
    ]);
    // Settled in bulk: the events of the per-step saga, the mismatch after the reservation and before the confirmation.
    expect((await eventsOf(sale.id)).map((e) => e.type)).toEqual([
      'order.received',
      'order.reserved',
      'order.price_mismatch',
      'order.confirmed',
    ]);
    const mismatches = await mismatchesOf(sale.id);
    expect(mismatches.map((e) => e.data)).toEqual([
      {
        lines: [{ lineNo: 1, productId: ESPRESSO.productId, tillPrice: stale.unitPrice, catalogPrice: ESPRESSO.unitPrice }],
        priceListVersion: 3,
      },
    ]);
  });

  it('when an online card sale carries the catalogue’s price, then its lines record that price and no price mismatch is written', async () => {
    const sale = orders.card('tok_visa', [{ product: CROISSANT, quantity: 2 }]);
    const res = await stack.call('posCore', 'POST', '/v1/orders', { body: sale, key: sale.id });
    expect(res.body.order.status).toBe('confirmed');
    const order = await getOrder(sale.id);
    expect(order.lines).toMatchObject([{ lineNo: 1, unitPrice: CROISSANT.unitPrice, catalogPrice: CROISSANT.unitPrice }]);
    expect((await eventsOf(sale.id)).map((e) => e.type)).not.toContain('order.price_mismatch');
  });

  it('when the manager changes a price between the till’s catalogue sync and the sale, then the sale confirms at the synced price and the mismatch is recorded', async () => {
    // The till syncs its catalogue.
    const synced = catalogDelta.parse((await stack.call('inventory', 'GET', '/v1/products?since=0', { as: 'terminal' })).body);
    const croissant = synced.products.find((p) => p.id === CROISSANT.productId);
    if (!croissant) throw new Error('the demo catalogue has no croissant');
    // The manager raises the price in Inventory.
    const { onHand: _onHand, reserved: _reserved, available: _available, version: _version, ...fields } = croissant;
    const raised = croissant.price + 30;
    const upsert = await stack.call('inventory', 'POST', '/v1/products', {
      as: 'manager',
      key: `raise-${croissant.id}`,
      body: { ...fields, price: raised },
    });
    expect(upsert.status).toBe(200);
    // The till sells at the price it synced, with the price-list version it synced.
    const till = { productId: croissant.id, unitPrice: croissant.price, taxRateBps: croissant.taxRateBps };
    const sale = orders.cash([{ product: till, quantity: 3 }], { captureMode: 'online', priceListVersion: synced.priceListVersion });
    const res = await stack.call('posCore', 'POST', '/v1/orders', { body: sale, key: sale.id });
    expect(res.body.order.status).toBe('confirmed');

    const order = await getOrder(sale.id);
    expect(order.total).toBe(3 * croissant.price);
    expect(order.lines).toMatchObject([{ lineNo: 1, unitPrice: croissant.price, catalogPrice: raised }]);
    // Driven step by step: the mismatch came with the reservation.
    expect((await eventsOf(sale.id)).map((e) => e.type).sort()).toEqual([
      'order.confirmed',
      'order.price_mismatch',
      'order.received',
      'order.reserved',
    ]);
    const mismatches = await mismatchesOf(sale.id);
    expect(mismatches.map((e) => e.data)).toEqual([
      {
        lines: [{ lineNo: 1, productId: croissant.id, tillPrice: croissant.price, catalogPrice: raised }],
        priceListVersion: synced.priceListVersion,
      },
    ]);
  });
});
