/**
 * The event-bus consumers of a chaos test as real processes (started by the stack launcher): the
 * kitchen and the notification service, each run from its production main.ts with its own fresh
 * database, the notification one sending through a local dev mail server that keeps every message. They read the stack's outbox
 * feeds directly (PostgreSQL transport), or Redis when `redisUrl` is given. A consumer can be
 * SIGKILLed mid-stream and started again; `world` is what consumer-invariants.ts checks, `lag` what
 * each consumer reports on its GET /metrics (bus_consumer_lag_events, as an operator would scrape it).
 */
import type { Pool } from '../common/db.ts';
import { type DevMailServer, launchStack, type Stack } from '../stack/launch-stack.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { TestStack } from '../testing/test-stack.ts';
import type { ConsumerWorld } from './consumer-invariants.ts';
import { scrapeMetric } from './scrape-metric.ts';

export const CONSUMERS = ['kitchen', 'notification'] as const;
export type ConsumerName = (typeof CONSUMERS)[number];

export interface ConsumerProcessesOptions {
  /** The stack whose outbox feeds they read and whose POS Core checks their callers' credentials. */
  stack: TestStack;
  /** Consume from Redis Streams instead of the outbox feeds. */
  redisUrl?: string;
}

/** Driving a stack's consumers: what the soak and the tests do with them. */
export interface ConsumerControl {
  readonly mail: DevMailServer;
  running(name: ConsumerName): boolean;
  /** Starts the consumer (again) and waits until it is ready. */
  start(name: ConsumerName): Promise<void>;
  /** SIGKILL, and waits until the process is gone. */
  kill(name: ConsumerName): Promise<void>;
  /** The sources of truth and the consumers' effects, for checkConsumerInvariants. */
  world(): ConsumerWorld;
  /** Each consumer's unacked events as its /metrics says (null: not running or not answering). */
  lag(): Promise<Record<ConsumerName, number | null>>;
}

export interface ConsumerProcesses extends ConsumerControl {
  readonly kitchenDb: TestDatabase;
  readonly notificationDb: TestDatabase;
  /** Stops both processes and the mail server, drops their databases. */
  stop(): Promise<void>;
}

/** The consumers of a launched stack (with the in-process mail server), and the pools their invariants read. */
export function consumerControlOf(stack: Stack, pools: { posCore: Pool; inventory: Pool; kitchen: Pool }): ConsumerControl {
  const mail = stack.mail;
  if (!mail) throw new Error('the stack runs no in-process mail server');
  /** When each consumer was SIGKILLed (epoch ms): the N1 check sets mails sent twice beside them. */
  const killedAt: Record<ConsumerName, number[]> = { kitchen: [], notification: [] };
  return {
    mail,
    running: (name) => stack.running(name),
    start: (name) => stack.startService(name),
    async kill(name) {
      killedAt[name].push(Date.now());
      await stack.stopService(name, 'SIGKILL');
    },
    world: () => ({
      posCore: pools.posCore,
      inventory: pools.inventory,
      kitchen: pools.kitchen,
      mails: mail.messages(),
      notificationKills: [...killedAt.notification],
    }),
    async lag() {
      const lagOf = async (name: ConsumerName) =>
        stack.running(name) ? scrapeMetric(stack.urls[name], 'bus_consumer_lag_events', { consumer: name }).catch(() => null) : null;
      const [kitchen, notification] = await Promise.all([lagOf('kitchen'), lagOf('notification')]);
      return { kitchen, notification };
    },
  };
}

export async function startConsumerProcesses(options: ConsumerProcessesOptions): Promise<ConsumerProcesses> {
  const { stack } = options;
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
    urls: { 'pos-core': stack.urls.posCore },
    tokens: { service: stack.tokens.service, terminal: stack.tokens.terminal, manager: stack.tokens.manager },
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    // A killed member's unacked events are taken over after 1 s.
    env: { BUS_TAKEOVER_MS: '1000', REDIS_URL: '' },
    ...(options.redisUrl ? { redis: { url: options.redisUrl } } : {}),
  }).catch(async (error: unknown) => {
    await Promise.all([kitchenDb.drop(), notificationDb.drop()]);
    throw error;
  });
  return {
    ...consumerControlOf(consumers, { posCore: stack.pools.posCore, inventory: stack.pools.inventory, kitchen: kitchenDb.pool }),
    kitchenDb,
    notificationDb,
    async stop() {
      await consumers.stop();
      await Promise.all([kitchenDb.drop(), notificationDb.drop()]);
    },
  };
}
