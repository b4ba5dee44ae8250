/**
 * The event bus's contract, run against both transports on a real PostgreSQL and a real Redis:
 * the same consumer code (event-consumer.ts) gets every event of its families once in effect, in feed
 * order, with its envelope; a member that dies before acking has its events taken over; several
 * members share the work; redeliveries have no second effect. Redis only: the relay never adds an
 * entry twice for one outbox position (crashes, concurrent relays), and a Redis restart is healed.
 */
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../stack/redis-server.ts';
import { createTestDatabase, type TestDatabase } from '../../testing/test-database.ts';
import { waitUntil } from '../../testing/wait-until.ts';
import type { BackgroundLoop } from '../background-loop.ts';
import type { PoolClient } from '../db.ts';
import { createLogger } from '../logger.ts';
import { appendEvents, publishPending } from '../outbox.ts';
import type { BusEvent } from './bus-event.ts';
import { type EventHandler, handleOnce, startEventConsumer } from './event-consumer.ts';
import type { EventTransport } from './event-transport.ts';
import { openEventTransport } from './open-event-transport.ts';
import { connectRedis, redisReady } from './redis-client.ts';
import { createRedisPublisher } from './redis-publisher.ts';

const busMigrations = fileURLToPath(new URL('./migrations', import.meta.url));
const logger = createLogger('bus-test', 'silent');

let posCore: TestDatabase;
let inventory: TestDatabase;
let consumerDb: TestDatabase;
let redisServer: RedisServer;
let redis: Redis;

beforeAll(async () => {
  [posCore, inventory, consumerDb] = await Promise.all([
    createTestDatabase('bus_pos_core', busMigrations),
    createTestDatabase('bus_inventory', busMigrations),
    createTestDatabase('bus_consumer', busMigrations),
  ]);
  await consumerDb.pool.query(
    'CREATE TABLE effects (event_id text NOT NULL, member text NOT NULL, type text NOT NULL, tenant_id text NOT NULL)',
  );
  redisServer = await startRedisServer();
  redis = connectRedis(redisServer.url, 'test');
  await redisReady(redis);
});
afterAll(async () => {
  redis.disconnect();
  await redisServer.stop();
  await Promise.all([posCore.drop(), inventory.drop(), consumerDb.drop()]);
});

const running: { loop?: BackgroundLoop; transport?: EventTransport }[] = [];
beforeEach(async () => {
  for (const db of [posCore, inventory]) await db.pool.query('TRUNCATE outbox RESTART IDENTITY; ALTER SEQUENCE outbox_position RESTART');
  await consumerDb.pool.query('TRUNCATE effects, bus_inbox, bus_offsets');
  await redis.flushall();
});
afterEach(async () => {
  for (const r of running.splice(0)) {
    await r.loop?.stop();
    await r.transport?.close().catch(() => {});
  }
});

/** Appends `n` events of the given type to a source's outbox and numbers them (as its relay does). */
async function emit(db: TestDatabase, type: 'order.confirmed' | 'stock.changed' | 'product.changed', n: number, tenantId = 't1') {
  await appendEvents(
    db.pool,
    Array.from({ length: n }, (_, i) => ({ tenantId, type, correlationId: `${type}-${i}`, data: { i } })),
  );
  while ((await publishPending(db.pool)).published > 0) {}
}

/** The test consumer's effect: one row per handled event, and which member handled it. */
const handler = (member: string, seen?: BusEvent[]): EventHandler => ({
  group: 'contract',
  families: ['order', 'stock'],
  async handle(tx: PoolClient, event: BusEvent) {
    seen?.push(event);
    await tx.query('INSERT INTO effects (event_id, member, type, tenant_id) VALUES ($1, $2, $3, $4)', [
      event.id,
      member,
      event.type,
      event.tenantId,
    ]);
  },
});

type Kind = 'postgres' | 'redis';
const TAKE_OVER_MS = 1_500;

function transportFor(kind: Kind, member: string): EventTransport {
  const transport = openEventTransport({
    redisUrl: kind === 'redis' ? redisServer.url : undefined,
    pool: consumerDb.pool,
    sourceUrls: { 'pos-core': posCore.url, inventory: inventory.url },
    group: 'contract',
    families: ['order', 'stock'],
    takeOverMs: TAKE_OVER_MS,
    consumer: member,
  });
  running.push({ transport });
  return transport;
}

/** With Redis, the services' relays publish their outboxes; without, there is nothing to relay. */
async function relayAll(kind: Kind) {
  if (kind === 'postgres') return;
  for (const [db, source] of [
    [posCore, 'pos-core'],
    [inventory, 'inventory'],
  ] as const) {
    const publisher = createRedisPublisher({ pool: db.pool, redis, source, maxLen: 100_000 });
    while (await publisher.step()) {}
  }
}

function consume(kind: Kind, member: string, seen?: BusEvent[]) {
  const transport = transportFor(kind, member);
  const loop = startEventConsumer({ pool: consumerDb.pool, transport, handler: handler(member, seen), logger, waitMs: 200 });
  running.push({ loop });
  return loop;
}

const effectCount = async () => (await consumerDb.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM effects')).rows[0]?.n ?? 0;
const duplicates = async () => (await consumerDb.pool.query('SELECT event_id FROM effects GROUP BY event_id HAVING count(*) > 1')).rows;

describe.each<Kind>(['postgres', 'redis'])('event bus on %s', (kind) => {
  it('when sources publish, then the consumer gets each event of its families once, in feed order per source, with its envelope', async () => {
    await emit(posCore, 'order.confirmed', 30);
    await emit(inventory, 'stock.changed', 20, 't2');
    await emit(inventory, 'product.changed', 5); // not a family the consumer reads
    await relayAll(kind);
    const seen: BusEvent[] = [];
    consume(kind, 'm1', seen);
    await waitUntil(async () => (await effectCount()) === 50, 'all 50 effects');
    expect(await duplicates()).toEqual([]);
    const orders = seen.filter((e) => e.source === 'pos-core');
    expect(orders.map((e) => e.position)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(orders[0]).toMatchObject({
      id: 'pos-core:1',
      tenantId: 't1',
      type: 'order.confirmed',
      correlationId: 'order.confirmed-0',
      data: { i: 0 },
    });
    expect(orders[0]?.lamport).toBeGreaterThan(0);
    const stock = seen.filter((e) => e.source === 'inventory');
    expect(stock.every((e) => e.tenantId === 't2' && e.type === 'stock.changed')).toBe(true);
    expect(seen.some((e) => e.type === 'product.changed')).toBe(false);
  });

  it('when an event is delivered again, then the inbox keeps it from having a second effect', async () => {
    await emit(posCore, 'order.confirmed', 3);
    await relayAll(kind);
    const transport = transportFor(kind, 'm1');
    const [first] = await transport.read(1, 2_000);
    expect(first).toBeDefined();
    const event = first?.event as BusEvent;
    expect(await handleOnce(consumerDb.pool, handler('m1'), event)).toBe(true);
    expect(await handleOnce(consumerDb.pool, handler('m1'), event)).toBe(false);
    expect(await effectCount()).toBe(1);
  });

  it('when a member dies before acking what it read, then another member takes its events over and each has one effect', async () => {
    await emit(posCore, 'order.confirmed', 10);
    await relayAll(kind);
    const dying = transportFor(kind, 'dying');
    const taken = await dying.read(10, 2_000);
    expect(taken.length).toBeGreaterThan(0);
    // It applied the first effect and crashed before acking anything.
    const firstEvent = taken[0]?.event as BusEvent;
    await handleOnce(consumerDb.pool, handler('dying'), firstEvent);
    const started = Date.now();
    consume(kind, 'survivor');
    await waitUntil(async () => (await effectCount()) === 10, 'all 10 effects');
    expect(Date.now() - started).toBeGreaterThanOrEqual(TAKE_OVER_MS / 2);
    expect(await duplicates()).toEqual([]);
    const bySurvivor = await consumerDb.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM effects WHERE member = 'survivor'");
    expect(bySurvivor.rows[0]?.n).toBe(9);
  });

  it('when several members run, then every event has exactly one effect', async () => {
    for (const m of ['a', 'b', 'c']) consume(kind, m);
    for (let round = 0; round < 5; round++) {
      await emit(posCore, 'order.confirmed', 40);
      await emit(inventory, 'stock.changed', 20);
      await relayAll(kind);
    }
    await waitUntil(async () => (await effectCount()) === 300, 'all 300 effects', 30_000);
    expect(await duplicates()).toEqual([]);
    if (kind === 'redis') {
      // Redis consumer groups share the work between the members.
      const members = await consumerDb.pool.query('SELECT DISTINCT member FROM effects');
      expect(members.rows.length).toBeGreaterThan(1);
    }
  });
});

describe('Redis relay', () => {
  const entries = async (stream: string) => (await redis.xrange(stream, '-', '+')).map(([id]) => id);

  it('when Redis is given an entry id it already has, then it refuses the XADD (the ground of "never twice")', async () => {
    await redis.xadd('pos:events:order', '7-0', 'k', 'v');
    await expect(redis.xadd('pos:events:order', '7-0', 'k', 'v')).rejects.toThrow(/equal or smaller/);
    await expect(redis.xadd('pos:events:order', '3-0', 'k', 'v')).rejects.toThrow(/equal or smaller/);
  });

  it('when relays crash, restart and run concurrently, then each outbox position is one stream entry, with its position as id', async () => {
    await emit(posCore, 'order.confirmed', 250);
    // Two instances of POS Core relay at once, each in small pages; a third starts fresh (a restart).
    const a = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100_000, batch: 7 });
    const b = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100_000, batch: 11 });
    await Promise.all([
      (async () => {
        while (await a.step()) {}
      })(),
      (async () => {
        while (await b.step()) {}
      })(),
    ]);
    const restarted = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100_000 });
    while (await restarted.step()) {}
    await emit(posCore, 'order.confirmed', 5);
    await Promise.all([a.step(), b.step(), restarted.step()]);
    expect(await entries('pos:events:order')).toEqual(Array.from({ length: 255 }, (_, i) => `${i + 1}-0`));
  });

  it('when a relay crashes after Redis took a batch, then its successor publishes the rest and nothing again', async () => {
    await emit(posCore, 'order.confirmed', 20);
    // The batch Redis took before the crash (the relay never learnt it succeeded).
    const first = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100_000, batch: 8 });
    await first.step();
    const successor = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100_000, batch: 8 });
    while (await successor.step()) {}
    expect(await entries('pos:events:order')).toEqual(Array.from({ length: 20 }, (_, i) => `${i + 1}-0`));
  });

  it('when a stream is longer than its bound, then Redis trims it to about that length', async () => {
    await emit(posCore, 'order.confirmed', 600);
    const publisher = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100 });
    while (await publisher.step()) {}
    const length = await redis.xlen('pos:events:order');
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(300);
  });

  it('when Redis restarts empty mid-stream, then the relay publishes again and every event has exactly one effect', async () => {
    await emit(posCore, 'order.confirmed', 40);
    const publisher = createRedisPublisher({ pool: posCore.pool, redis, source: 'pos-core', maxLen: 100_000 });
    while (await publisher.step()) {}
    consume('redis', 'm1');
    await waitUntil(async () => (await effectCount()) >= 10, 'the first effects');
    await redisServer.restart();
    await redisReady(redis);
    await emit(posCore, 'order.confirmed', 40);
    await waitUntil(
      async () => {
        await publisher.step().catch(() => false);
        return (await effectCount()) === 80;
      },
      'all 80 effects after the restart',
      30_000,
    );
    expect(await duplicates()).toEqual([]);
    expect(await entries('pos:events:order')).toEqual(Array.from({ length: 80 }, (_, i) => `${i + 1}-0`));
  });
});
