/** The consumers' copy of the catalogue on a real database: newest version wins per part, and stock level changes are reported. */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import type { BusEvent } from '../bus/bus-event.ts';
import { withTransaction } from '../db.ts';
import { migrate } from '../migrate.ts';
import { applyCatalogueEvent, CATALOGUE_COPY_MIGRATIONS } from './catalogue-copy.ts';

const emptyMigrations = fileURLToPath(new URL('../../testing/fixtures', import.meta.url));
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('catalogue_copy');
  await migrate(db.pool, emptyMigrations, [CATALOGUE_COPY_MIGRATIONS]);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.pool.query('TRUNCATE catalogue_copy');
});

let n = 0;
const event = (type: BusEvent['type'], data: Record<string, unknown>): BusEvent => {
  n += 1;
  return {
    id: `inventory:${n}`,
    source: 'inventory',
    position: n,
    tenantId: 's1',
    type,
    correlationId: null,
    lamport: n,
    occurredAt: new Date().toISOString(),
    data,
  };
};
const described = (version: number, available: number, name = 'Mug') =>
  event('product.changed', { product: { id: 'p1', name, version, available, kitchenStation: null, lowStockThreshold: 2 } });
const stock = (version: number, available: number) =>
  event('stock.changed', { productId: 'p1', available, version, onHand: available, reserved: 0 });
const apply = (e: BusEvent) => withTransaction(db.pool, (tx) => applyCatalogueEvent(tx, e));

describe('catalogue copy', () => {
  it('when stock events follow a product event, then each reports the level before and after', async () => {
    expect(await apply(described(1, 10))).toEqual({ productId: 'p1', name: 'Mug', lowStockThreshold: 2, before: null, after: 10 });
    expect(await apply(stock(2, 2))).toEqual({ productId: 'p1', name: 'Mug', lowStockThreshold: 2, before: 10, after: 2 });
    expect(await apply(stock(3, 1))).toMatchObject({ before: 2, after: 1 });
  });

  it('when an older event comes late, then it changes nothing and reports nothing', async () => {
    await apply(described(1, 10));
    await apply(stock(4, 3));
    expect(await apply(stock(3, 7))).toBeNull();
    expect(await apply(described(2, 9, 'Old name'))).toBeNull();
    await apply(described(5, 3, 'New name'));
    const { rows } = await db.pool.query('SELECT name, available FROM catalogue_copy');
    expect(rows).toEqual([{ name: 'New name', available: 3 }]);
  });
});
