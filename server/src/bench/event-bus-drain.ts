/**
 * The event bus under a sales backlog: `sales` confirmed café sales (order.received + order.confirmed
 * each, as POS Core writes them) are committed into an outbox at `inflowPerSecond` and numbered by the
 * real outbox relay, while the real Redis relay (Redis transport) publishes them and the real kitchen
 * consumer turns them into tickets. Measured: events/s into Redis, events/s through the consumer, and
 * the lag from each event's commit to its effect's commit (p50/p99/max). The consumer keeps up when its
 * rate matches the inflow and the lag stays bounded instead of growing with the backlog.
 */
import { fileURLToPath } from 'node:url';
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { uuidv7 } from '@pos/shared/ids';
import { startBackgroundLoop } from '../common/background-loop.ts';
import { BUS_MIGRATIONS, startEventConsumer } from '../common/bus/event-consumer.ts';
import { openEventTransport } from '../common/bus/open-event-transport.ts';
import { connectRedis, redisReady } from '../common/bus/redis-client.ts';
import { createRedisPublisher } from '../common/bus/redis-publisher.ts';
import { CATALOGUE_COPY_MIGRATIONS } from '../common/catalogue-copy/catalogue-copy.ts';
import { createPool } from '../common/db.ts';
import { createLogger } from '../common/logger.ts';
import { migrate } from '../common/migrate.ts';
import { appendEvents, type NewEvent } from '../common/outbox.ts';
import { createOutboxRelay } from '../common/outbox-relay.ts';
import { kitchenConsumer } from '../kitchen/domain/kitchen-consumer.ts';
import { type LatencySummary, summarize } from './latency-stats.ts';

const NO_MIGRATIONS = fileURLToPath(new URL('../testing/fixtures', import.meta.url));
const KITCHEN_MIGRATIONS = fileURLToPath(new URL('../kitchen/migrations', import.meta.url));
const BATCH = 100;

export interface EventBusDrainResult {
  transport: 'postgres' | 'redis';
  members: number;
  sales: number;
  events: number;
  inflowEventsPerSecond: number;
  /** Events/s from the first commit until the last one was in Redis (Redis transport only). */
  relayEventsPerSecond: number | null;
  /** Events/s from the first commit until the last effect committed. */
  consumerEventsPerSecond: number;
  /** Commit of the event → commit of its effect, in ms. */
  lag: LatencySummary;
}

export async function eventBusDrain(options: {
  transport: 'postgres' | 'redis';
  /** A fresh database of the benchmark's PostgreSQL. */
  databaseUrl: (name: string) => Promise<string>;
  redisUrl?: string;
  sales: number;
  inflowPerSecond: number;
  /** Members of the consumer group (on Redis they share the work; on PostgreSQL one reads at a time). */
  members?: number;
}): Promise<EventBusDrainResult> {
  const { transport, sales } = options;
  const logger = createLogger('bench-bus', 'warn');
  const source = createPool({
    connectionString: await options.databaseUrl(`bus_bench_source_${transport}`),
    max: 4,
    applicationName: 'bench-source',
  });
  const kitchen = createPool({
    connectionString: await options.databaseUrl(`bus_bench_kitchen_${transport}`),
    max: 8,
    applicationName: 'bench-kitchen',
  });
  await migrate(source, NO_MIGRATIONS);
  await migrate(kitchen, KITCHEN_MIGRATIONS, [BUS_MIGRATIONS, CATALOGUE_COPY_MIGRATIONS]);
  await kitchen.query(
    `INSERT INTO catalogue_copy (tenant_id, product_id, name, kitchen_station, described_version) VALUES ($1, 'p-toastie', 'Toastie', 'kitchen', 1)
     ON CONFLICT DO NOTHING`,
    [DEMO_TENANT_ID],
  );
  const redis = options.redisUrl && transport === 'redis' ? connectRedis(options.redisUrl, 'bench-relay') : null;
  if (redis) await redisReady(redis);
  const publisher = redis ? createRedisPublisher({ pool: source, redis, source: 'pos-core', maxLen: 1_000_000, batch: 1_000 }) : null;
  const relay = publisher ? startBackgroundLoop('bench-redis-relay', 20, () => publisher.step(), logger) : null;
  const outboxRelay = createOutboxRelay(source);

  const lags: number[] = [];
  let effects = 0;
  let lastEffectAt = 0;
  const handler = {
    ...kitchenConsumer,
    families: ['order' as const],
    afterCommit: (event: { occurredAt: string }) => {
      const now = Date.now();
      lags.push(now - Date.parse(event.occurredAt));
      effects += 1;
      lastEffectAt = now;
    },
  };
  const sourceUrl = await options.databaseUrl(`bus_bench_source_${transport}`);
  const consumers = Array.from({ length: options.members ?? 1 }, () =>
    startEventConsumer({
      pool: kitchen,
      transport: openEventTransport({
        redisUrl: redis ? options.redisUrl : undefined,
        pool: kitchen,
        sourceUrls: { 'pos-core': sourceUrl },
        group: 'bench-kitchen',
        families: ['order'],
        takeOverMs: 15_000,
      }),
      handler,
      logger,
      batch: 200,
      waitMs: 200,
    }),
  );

  const events = sales * 2;
  let relayDoneAt: number | null = null;
  const watchRelay = redis
    ? (async () => {
        while (relayDoneAt === null) {
          if ((await redis.xlen('pos:events:order')) >= events) relayDoneAt = Date.now();
          else await new Promise((r) => setTimeout(r, 20));
        }
      })()
    : Promise.resolve();

  const started = Date.now();
  for (let done = 0; done < sales; done += BATCH) {
    const batch: NewEvent[] = [];
    for (let i = done; i < Math.min(sales, done + BATCH); i++) {
      const orderId = uuidv7();
      const base = { orderId, terminalId: 'bench-till', seq: i + 1, total: 590 };
      batch.push(
        {
          tenantId: DEMO_TENANT_ID,
          type: 'order.received',
          correlationId: orderId,
          data: { ...base, lines: [{ productId: 'p-toastie', quantity: 1, unitPrice: 590 }] },
        },
        { tenantId: DEMO_TENANT_ID, type: 'order.confirmed', correlationId: orderId, data: { ...base, status: 'confirmed' } },
      );
    }
    await appendEvents(source, batch);
    while (await outboxRelay.step()) {}
    relay?.poke();
    for (const c of consumers) c.poke();
    const due = started + ((done + BATCH) / options.inflowPerSecond) * 1_000;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const inflowMs = Date.now() - started;
  const deadline = Date.now() + 600_000;
  while (effects < events && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await watchRelay;
  await Promise.all(consumers.map((c) => c.stop()));
  await relay?.stop();
  redis?.disconnect();
  const tickets = await kitchen.query<{ n: number }>('SELECT count(*)::int AS n FROM kitchen_tickets');
  if (tickets.rows[0]?.n !== sales) throw new Error(`event bus bench: ${tickets.rows[0]?.n} tickets for ${sales} sales`);
  await Promise.all([source.end(), kitchen.end()]);
  return {
    transport,
    members: consumers.length,
    sales,
    events,
    inflowEventsPerSecond: events / (inflowMs / 1_000),
    relayEventsPerSecond: relayDoneAt === null ? null : events / ((relayDoneAt - started) / 1_000),
    consumerEventsPerSecond: events / ((lastEffectAt - started) / 1_000),
    lag: summarize(lags),
  };
}
