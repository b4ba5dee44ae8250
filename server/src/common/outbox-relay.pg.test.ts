import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { appendEvent, appendEvents } from './outbox.ts';
import { createOutboxRelay } from './outbox-relay.ts';

const emptyMigrations = fileURLToPath(new URL('../testing/fixtures', import.meta.url));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('outbox_relay', emptyMigrations);
});
afterAll(() => db.drop());
beforeEach(async () => {
  await db.pool.query('TRUNCATE outbox');
});

const event = (n: number) => ({ tenantId: 't1', type: 'order.received' as const, correlationId: `o${n}`, data: { n } });
const append = (n: number) => appendEvent(db.pool, event(n));
const unnumbered = async () =>
  (await db.pool.query<{ correlation_id: string }>('SELECT correlation_id FROM outbox WHERE position IS NULL ORDER BY id')).rows.map(
    (r) => r.correlation_id,
  );
const feedOrder = async () =>
  (await db.pool.query<{ correlation_id: string }>('SELECT correlation_id FROM outbox ORDER BY position')).rows.map(
    (r) => r.correlation_id,
  );

describe('outbox relay', () => {
  it('when events commit, then each step numbers what is committed, once, in id order', async () => {
    let clock = 0;
    const relay = createOutboxRelay(db.pool, { now: () => clock });
    for (let i = 1; i <= 3; i++) await append(i);
    expect(await relay.step()).toBe(false);
    clock += 5_000;
    for (let i = 4; i <= 5; i++) await append(i);
    await relay.step();
    expect(await unnumbered()).toEqual([]);
    expect(await feedOrder()).toEqual(['o1', 'o2', 'o3', 'o4', 'o5']);
    const positions = (await db.pool.query<{ n: number }>('SELECT count(DISTINCT position)::int AS n FROM outbox')).rows[0]?.n;
    expect(positions).toBe(5);
  });

  it('when 300 events are appended in one statement, then the feed has them in the order they were appended', async () => {
    const relay = createOutboxRelay(db.pool);
    const events = Array.from({ length: 300 }, (_, i) => event(i));
    await appendEvents(db.pool, events);
    await relay.step();
    expect(await feedOrder()).toEqual(events.map((e) => e.correlationId));
  });

  it('when the batch is full, then the step says more is waiting', async () => {
    const relay = createOutboxRelay(db.pool, { batch: 2 });
    for (let i = 1; i <= 3; i++) await append(i);
    expect(await relay.step()).toBe(true);
    expect(await relay.step()).toBe(false);
    expect(await unnumbered()).toEqual([]);
  });

  it('when a transaction drew a low id and commits after the floor passed it, then it is not lost: the next sweep numbers it', async () => {
    let clock = 0;
    const relay = createOutboxRelay(db.pool, { now: () => clock, settleMs: 1_000, sweepMs: 10_000 });
    await relay.step(); // the first step is a sweep
    const straggler = await db.pool.connect();
    try {
      await straggler.query('BEGIN');
      await appendEvent(straggler, event(1)); // draws the lowest id, stays invisible
      await append(2);
      await append(3);
      clock += 100;
      await relay.step(); // numbers o2, o3
      clock += 2_000; // past settleMs: o3's id is now the floor
      await append(4);
      await straggler.query('COMMIT');
      await relay.step(); // scans above the floor: numbers o4, not o1
      expect(await unnumbered()).toEqual(['o1']);
      clock += 10_000; // the sweep is due
      await relay.step();
      expect(await unnumbered()).toEqual([]);
      expect(await feedOrder()).toEqual(['o2', 'o3', 'o4', 'o1']);
    } finally {
      straggler.release();
    }
  });

  it('when no transaction straggles, then events above the floor are numbered by the first step after they commit', async () => {
    let clock = 0;
    const relay = createOutboxRelay(db.pool, { now: () => clock, settleMs: 1_000, sweepMs: 60_000 });
    for (let round = 0; round < 5; round++) {
      await append(round * 2);
      await append(round * 2 + 1);
      await relay.step();
      expect(await unnumbered()).toEqual([]);
      clock += 700;
    }
  });
});
