/**
 * The event-bus consumers of a chaos test as real processes (started by the stack launcher): the
 * kitchen and the notification service, each run from its production main.ts with its own fresh database, the notification one
 * sending through a local dev mail server that keeps every message. They read the stack's outbox
 * feeds directly (PostgreSQL transport), or Redis when `redisUrl` is given. A consumer can be
 * SIGKILLed mid-stream and started again; `world` is what consumer-invariants.ts checks, `lag` what
 * each consumer reports on its GET /metrics (bus_consumer_lag_events, as an operator would scrape it).
 */
import { type DevMailServer, launchStack } from '../stack/launch-stack.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { TestStack } from '../testing/test-stack.ts';
import type { ConsumerWorld } from './consumer-invariants.ts';
import { scrapeMetric } from './scrape-metric.ts';

export const CONSUMERS = ['kitchen', 'notification'] as const;
export type ConsumerName = (typeof CONSUMERS)[number];

export interface ConsumerProcessesOptions {
  stack: TestStack;
  /** POS Core's base URL for credential introspection (the stack's own unless POS Core runs elsewhere). */
  posCoreUrl?: string;
  /** Consume from Redis Streams instead of the outbox feeds. */
  redisUrl?: string;
  /** After this long a killed member's unacked events are taken over (BUS_TAKEOVER_MS). */
  takeOverMs?: number;
  /** The processes' output, one line at a time (default: dropped). */
  log?: (line: string) => void;
  /** Their LOG_LEVEL (default: the environment's, else silent). */
  logLevel?: string;
}

export interface ConsumerProcesses {
  readonly mail: DevMailServer;
  readonly kitchenDb: TestDatabase;
  readonly notificationDb: TestDatabase;
  running(name: ConsumerName): boolean;
  /** Starts the consumer (again) and waits until it is ready. */
  start(name: ConsumerName): Promise<void>;
  /** SIGKILL, and waits until the process is gone. */
  kill(name: ConsumerName): Promise<void>;
  /** The sources of truth and the consumers' effects, for checkConsumerInvariants. */
  world(): ConsumerWorld;
  /** Each consumer's unacked events as its /metrics says (null: not running or not answering). */
  lag(): Promise<Record<ConsumerName, number | null>>;
  /** Stops both processes and the mail server, drops their databases. */
  stop(): Promise<void>;
}

export async function startConsumerProcesses(options: ConsumerProcessesOptions): Promise<ConsumerProcesses> {
  const { stack } = options;
  /** When each consumer was SIGKILLed (epoch ms): the N1 check sets mails sent twice beside them. */
  const killedAt: Record<ConsumerName, number[]> = { kitchen: [], notification: [] };
  const [kitchenDb, notificationDb] = await Promise.all([createTestDatabase('chaos_kitchen'), createTestDatabase('chaos_notification')]);
  const consumers = await launchStack({
    services: CONSUMERS,
    databaseUrls: {
      kitchen: kitchenDb.url,
      notification: notificationDb.url,
      'pos-core': stack.databaseUrls.posCore,
      inventory: stack.databaseUrls.inventory,
      payment: stack.databaseUrls.payment,
    },
    urls: { 'pos-core': options.posCoreUrl ?? stack.urls.posCore },
    tokens: { service: stack.tokens.service, terminal: stack.tokens.terminal, manager: stack.tokens.manager },
    logLevel: options.logLevel ?? process.env.LOG_LEVEL ?? 'silent',
    ...(options.log ? { log: options.log } : {}),
    env: { BUS_TAKEOVER_MS: String(options.takeOverMs ?? 1_000), REDIS_URL: '' },
    ...(options.redisUrl ? { redis: { url: options.redisUrl } } : {}),
  }).catch(async (error: unknown) => {
    await Promise.all([kitchenDb.drop(), notificationDb.drop()]);
    throw error;
  });
  const mail = consumers.mail!;

  return {
    mail,
    kitchenDb,
    notificationDb,
    running: (name) => consumers.running(name),
    start: (name) => consumers.startService(name),
    async kill(name) {
      killedAt[name].push(Date.now());
      await consumers.stopService(name, 'SIGKILL');
    },
    world: () => ({
      posCore: stack.pools.posCore,
      inventory: stack.pools.inventory,
      kitchen: kitchenDb.pool,
      mails: mail.messages(),
      notificationKills: [...killedAt.notification],
    }),
    async lag() {
      const lagOf = async (name: ConsumerName) =>
        consumers.running(name)
          ? scrapeMetric(consumers.urls[name], 'bus_consumer_lag_events', { consumer: name }).catch(() => null)
          : null;
      const [kitchen, notification] = await Promise.all([lagOf('kitchen'), lagOf('notification')]);
      return { kitchen, notification };
    },
    async stop() {
      await consumers.stop();
      await Promise.all([kitchenDb.drop(), notificationDb.drop()]);
    },
  };
}
