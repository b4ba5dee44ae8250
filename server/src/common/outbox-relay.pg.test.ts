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

  it('when a transaction drew a low id and commits after later events were numbered, then the floor waits for it and the event is numbered', async () => {
    const relay = createOutboxRelay(db.pool, { sweepMs: 3_600_000 });
    await relay.step(); // the first step is a sweep
    const straggler = await db.pool.connect();
    try {
      await straggler.query('BEGIN');
      await appendEvent(straggler, event(1)); // draws the lowest id, stays invisible
      await append(2);
      await append(3);
      await relay.step(); // numbers o2, o3
      await relay.step();
      await relay.step();
      const lowest = (await straggler.query<{ id: number }>("SELECT id FROM outbox WHERE correlation_id = 'o1'")).rows[0]!.id;
      expect(relay.floor).toBeLessThan(lowest); // held back by the running transaction
      await straggler.query('COMMIT');
      await append(4);
      await relay.step(); // no sweep: found above the floor
      expect(await unnumbered()).toEqual([]);
      expect(await feedOrder()).toEqual(['o2', 'o3', 'o1', 'o4']);
    } finally {
      straggler.release();
    }
  });

  it('when an event bypassed the xid contract and straggles below the floor, then the next sweep still numbers it', async () => {
    let clock = 0;
    const relay = createOutboxRelay(db.pool, { now: () => clock, sweepMs: 10_000 });
    await append(1);
    await relay.step();
    await append(2);
    await relay.step();
    // Transaction ids are cluster-wide: a transaction of another test file running at a step's snapshot
    // holds the floor back until a later step sees it ended.
    for (let i = 0; i < 100 && relay.floor === 0; i++) {
      await relay.step();
      if (relay.floor === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(relay.floor).toBeGreaterThan(0);
    // An id below the floor, as a broken insert could produce it.
    await db.pool.query(
      `INSERT INTO outbox (id, tenant_id, type, correlation_id, lamport, payload) VALUES (1, 't1', 'order.received', 'late', 1, '{}')
       ON CONFLICT (id) DO NOTHING`,
    );
    await db.pool.query(`UPDATE outbox SET position = NULL WHERE correlation_id = 'late'`);
    await relay.step();
    expect(await unnumbered()).toEqual(['late']);
    clock += 10_000;
    await relay.step();
    expect(await unnumbered()).toEqual([]);
  });

  it('when events keep coming, then the floor follows them', async () => {
    const relay = createOutboxRelay(db.pool, { sweepMs: 3_600_000 });
    for (let i = 0; i < 5; i++) {
      await append(i);
      await relay.step();
    }
    const highest = (await db.pool.query<{ id: number }>('SELECT max(id) AS id FROM outbox')).rows[0]!.id;
    // Transaction ids are cluster-wide: a transaction of another database (another test file) that was
    // running may hold the floor back for a moment; it follows once that one ended.
    for (let i = 0; i < 100 && relay.floor < highest - 1; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await append(100 + i);
      await relay.step();
    }
    expect(relay.floor).toBeGreaterThanOrEqual(highest - 1);
  });

  it('when no transaction straggles, then events above the floor are numbered by the first step after they commit', async () => {
    let clock = 0;
    const relay = createOutboxRelay(db.pool, { now: () => clock, sweepMs: 60_000 });
    for (let round = 0; round < 5; round++) {
      await append(round * 2);
      await append(round * 2 + 1);
      await relay.step();
      expect(await unnumbered()).toEqual([]);
      clock += 700;
    }
  });
});
