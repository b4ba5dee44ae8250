/**
 * The kitchen consumer's outcome does not depend on the order in which an order's events are handled
 * (group members handle them concurrently, or out of order after a takeover), nor on redeliveries:
 * every permutation of an order's events, each delivered twice, on a real database.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../../common/bus/bus-event.ts';
import { BUS_MIGRATIONS, handleOnce } from '../../common/bus/event-consumer.ts';
import { CATALOGUE_COPY_MIGRATIONS } from '../../common/catalogue-copy/catalogue-copy.ts';
import { migrate } from '../../common/migrate.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { kitchenConsumer } from './kitchen-consumer.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('kitchen_consumer');
  await migrate(db.pool, fileURLToPath(new URL('../migrations', import.meta.url)), [BUS_MIGRATIONS, CATALOGUE_COPY_MIGRATIONS]);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.pool.query('TRUNCATE catalogue_copy, kitchen_orders, kitchen_tickets, bus_inbox');
});

let position = 0;
const event = (type: BusEvent['type'], correlationId: string | null, data: Record<string, unknown>): BusEvent => {
  position += 1;
  return {
    id: `pos-core:${position}`,
    source: 'pos-core',
    position,
    tenantId: 'store-1',
    type,
    correlationId,
    lamport: position,
    occurredAt: new Date(1_700_000_000_000 + position * 1_000).toISOString(),
    data,
  };
};
const menu = (id: string, name: string, station: string | null, version = 1) =>
  event('product.changed', null, { product: { id, name, version, available: 10, kitchenStation: station } });
const orderEvents = (orderId: string) => ({
  received: event('order.received', orderId, {
    orderId,
    terminalId: 'till-1',
    seq: 7,
    lines: [
      { productId: 'p-toastie', quantity: 2 },
      { productId: 'p-water', quantity: 1 },
    ],
  }),
  confirmed: event('order.confirmed', orderId, { orderId, terminalId: 'till-1', seq: 7, status: 'confirmed' }),
  cancelled: event('order.cancelled', orderId, { orderId, terminalId: 'till-1', seq: 7, status: 'cancelled' }),
  refunded: event('payment.refunded', orderId, { orderId, amount: 1180 }),
});

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

const tickets = async () =>
  (
    await db.pool.query<{ order_id: string; status: string; items: unknown }>(
      'SELECT order_id, status, items FROM kitchen_tickets ORDER BY order_id',
    )
  ).rows;

async function deliverTwice(events: BusEvent[]) {
  for (const e of events) await handleOnce(db.pool, kitchenConsumer, e);
  for (const e of events) expect(await handleOnce(db.pool, kitchenConsumer, e)).toBe(false);
}

describe('kitchen consumer', () => {
  it('when an order is received and confirmed, in either order and redelivered, then it has exactly one open ticket of its station lines', async () => {
    for (const [n, order] of permutations(['received', 'confirmed'] as const).entries()) {
      await deliverTwice([menu('p-toastie', 'Toastie', 'kitchen'), menu('p-water', 'Water', null)]);
      const events = orderEvents(`o-${n}`);
      await deliverTwice(order.map((k) => events[k]));
    }
    const all = await tickets();
    expect(all.map((t) => t.status)).toEqual(['open', 'open']);
    expect(all[0]?.items).toEqual([{ productId: 'p-toastie', name: 'Toastie', quantity: 2, station: 'kitchen' }]);
  });

  it('when a confirmed sale is later refunded (goods brought back), then its ticket stays live', async () => {
    await deliverTwice([menu('p-toastie', 'Toastie', 'kitchen')]);
    const e = orderEvents('returned');
    await deliverTwice([e.received, e.confirmed, e.refunded]);
    expect((await tickets()).find((t) => t.order_id === 'returned')?.status).toBe('open');
  });

  it('when an order is cancelled, whatever the order of its events, then it has no live ticket', async () => {
    await deliverTwice([menu('p-toastie', 'Toastie', 'kitchen')]);
    const orders = permutations(['received', 'confirmed', 'cancelled'] as const);
    for (const [n, order] of orders.entries()) {
      const events = orderEvents(`r-${n}`);
      await deliverTwice(order.map((k) => events[k]));
    }
    const all = await tickets();
    expect(all.every((t) => t.status === 'voided')).toBe(true);
    // A ticket exists only where the confirmation came before the cancellation was known.
    expect(all.length).toBeLessThanOrEqual(orders.length);
  });

  it('when a product event is older than the copy of the catalogue, then it does not overwrite it', async () => {
    await deliverTwice([menu('p-toastie', 'Toastie v2', 'grill', 5), menu('p-toastie', 'Toastie v1', 'kitchen', 3)]);
    const { rows } = await db.pool.query('SELECT name, kitchen_station FROM catalogue_copy');
    expect(rows).toEqual([{ name: 'Toastie v2', kitchen_station: 'grill' }]);
  });

  it('when an order has no station lines, then it has no ticket', async () => {
    await deliverTwice([menu('p-water', 'Water', null)]);
    const e = orderEvents('plain');
    await deliverTwice([
      { ...e.received, data: { orderId: 'plain', terminalId: 'till-1', seq: 8, lines: [{ productId: 'p-water', quantity: 1 }] } },
      e.confirmed,
    ]);
    expect(await tickets()).toEqual([]);
  });
});
