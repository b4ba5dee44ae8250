/** The outbox relay lag gauges (issue #19 §5) against a real database: an event waiting, then numbered. */
import { fileURLToPath } from 'node:url';
import client from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { appendEvent, publishPending } from './outbox.ts';
import { registerOutboxLagMetrics } from './outbox-lag-metrics.ts';

const emptyMigrations = fileURLToPath(new URL('../testing/fixtures', import.meta.url));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('outbox_lag', emptyMigrations);
});
afterAll(() => db.drop());

async function sample(registry: client.Registry, name: string): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values[0]?.value;
}

describe('outbox relay lag metrics', () => {
  it('when an event has waited 30 s unnumbered, then the gauges say so; once the relay numbered it, they read 0', async () => {
    const registry = new client.Registry();
    registerOutboxLagMetrics(registry, db.pool);
    expect(await sample(registry, 'pos_outbox_unpublished_events')).toBe(0);
    expect(await sample(registry, 'pos_outbox_relay_lag_seconds')).toBe(0);

    await appendEvent(db.pool, { tenantId: 't1', type: 'order.received', correlationId: 'o1', data: {} });
    await db.pool.query(`UPDATE outbox SET occurred_at = now() - interval '30 seconds' WHERE correlation_id = 'o1'`);
    await appendEvent(db.pool, { tenantId: 't1', type: 'order.received', correlationId: 'o2', data: {} });
    expect(await sample(registry, 'pos_outbox_unpublished_events')).toBe(2);
    const lag = await sample(registry, 'pos_outbox_relay_lag_seconds');
    expect(lag).toBeGreaterThanOrEqual(30);
    expect(lag).toBeLessThan(60);

    await publishPending(db.pool);
    expect(await sample(registry, 'pos_outbox_unpublished_events')).toBe(0);
    expect(await sample(registry, 'pos_outbox_relay_lag_seconds')).toBe(0);
  });
});
