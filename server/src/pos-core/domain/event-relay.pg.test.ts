/**
 * The events relay follows every store POS Core knows, not a built-in one: a store created by the
 * operator, with a paired till and a catalogue but no order yet, gets Inventory's product and stock
 * events copied into POS Core's feed — so its till's catalogue follows live — and no other store's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionStore } from '../../testing/store-fixtures.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ posCore: { eventRelayIntervalMs: 100 } });
});
afterAll(() => stack?.stop());

const relayedTypes = async (tenantId: string) =>
  new Set(
    (
      await stack.pools.posCore.query<{ type: string }>(`SELECT type FROM outbox WHERE tenant_id = $1 AND payload ? 'sourceEventId'`, [
        tenantId,
      ])
    ).rows.map((r) => r.type),
  );

describe('events relay', () => {
  it('when a new store with no orders changes its catalogue, then its events reach POS Core under that store only', async () => {
    const store = await provisionStore(stack, 'Relay shop', 'relay-till-1');
    const other = await provisionStore(stack, 'Quiet shop', 'quiet-till-1');
    await waitUntil(async () => {
      const types = await relayedTypes(store.storeId);
      return types.has('product.changed') && types.has('stock.changed');
    }, 'the new store’s catalogue events relayed');
    const orders = await stack.pools.posCore.query('SELECT 1 FROM orders WHERE tenant_id = ANY($1::text[])', [
      [store.storeId, other.storeId],
    ]);
    expect(orders.rowCount).toBe(0);
    // Each store's copies are its own: as many as Inventory published for it, none for the other.
    const counts = async (tenantId: string, pool: 'posCore' | 'inventory') =>
      Number(
        (
          await stack.pools[pool].query(
            `SELECT count(*)::int AS n FROM outbox WHERE tenant_id = $1 AND type IN ('product.changed', 'stock.changed')`,
            [tenantId],
          )
        ).rows[0].n,
      );
    await waitUntil(
      async () => (await counts(store.storeId, 'posCore')) === (await counts(store.storeId, 'inventory')),
      'every event relayed',
    );
    await waitUntil(
      async () => (await counts(other.storeId, 'posCore')) === (await counts(other.storeId, 'inventory')),
      'every event relayed',
    );
  });
});
