/**
 * The event-bus consumers of a chaos test as real processes: the kitchen and the notification
 * service, each run from its production main.ts with its own fresh database, the notification one
 * sending through a local dev mail server that keeps every message. They read the stack's outbox
 * feeds directly (PostgreSQL transport), or Redis when `redisUrl` is given. A consumer can be
 * SIGKILLed mid-stream and started again; `world` is what consumer-invariants.ts checks, `lag` what
 * each consumer reports on its GET /metrics (bus_consumer_lag_events, as an operator would scrape it).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevMailServer, startDevMailServer } from '../dev-mail/dev-mail-server.ts';
import { type ChildSpec, createSupervisor } from '../devstack/child-process-supervisor.ts';
import { waitUntilReady } from '../devstack/wait-until-ready.ts';
import { freePort } from '../stack/free-port.ts';
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

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

export async function startConsumerProcesses(options: ConsumerProcessesOptions): Promise<ConsumerProcesses> {
  const { stack } = options;
  const log = options.log ?? (() => {});
  const supervisor = createSupervisor(log, () => {});
  /** When each consumer was SIGKILLed (epoch ms): the N1 check sets mails sent twice beside them. */
  const killedAt: Record<ConsumerName, number[]> = { kitchen: [], notification: [] };
  const mail = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
  const [kitchenDb, notificationDb] = await Promise.all([createTestDatabase('chaos_kitchen'), createTestDatabase('chaos_notification')]);
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: options.logLevel ?? process.env.LOG_LEVEL ?? 'silent',
    POS_SERVICE_TOKEN: stack.tokens.service,
    POS_INTROSPECTION_URL: options.posCoreUrl ?? stack.urls.posCore,
    BUS_TAKEOVER_MS: String(options.takeOverMs ?? 1_000),
    BUS_POS_CORE_DATABASE_URL: stack.databaseUrls.posCore,
    BUS_INVENTORY_DATABASE_URL: stack.databaseUrls.inventory,
    BUS_PAYMENT_DATABASE_URL: stack.databaseUrls.payment,
    REDIS_URL: options.redisUrl ?? '',
  };
  const [kitchenPort, notificationPort] = [await freePort(), await freePort()];
  const spec = (name: ConsumerName, port: number, env: NodeJS.ProcessEnv): ChildSpec & { url: string } => ({
    name,
    command: process.execPath,
    args: ['--import', 'tsx', join(SERVER_DIR, 'src', name, 'main.ts')],
    env: { ...common, ...env },
    cwd: SERVER_DIR,
    restart: false,
    url: `http://127.0.0.1:${port}`,
  });
  const specs: Record<ConsumerName, ChildSpec & { url: string }> = {
    kitchen: spec('kitchen', kitchenPort, { KITCHEN_PORT: String(kitchenPort), KITCHEN_DATABASE_URL: kitchenDb.url }),
    notification: spec('notification', notificationPort, {
      NOTIFICATION_PORT: String(notificationPort),
      NOTIFICATION_DATABASE_URL: notificationDb.url,
      NOTIFICATION_SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
    }),
  };
  const running = new Set<ConsumerName>();

  const processes: ConsumerProcesses = {
    mail,
    kitchenDb,
    notificationDb,
    running: (name) => running.has(name),
    async start(name) {
      if (running.has(name)) throw new Error(`${name} is already running`);
      running.add(name);
      supervisor.start(specs[name]);
      await waitUntilReady(`${specs[name].url}/readyz`, 60_000);
    },
    async kill(name) {
      running.delete(name);
      killedAt[name].push(Date.now());
      await supervisor.stopOne(name, 'SIGKILL');
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
        running.has(name) ? scrapeMetric(specs[name].url, 'bus_consumer_lag_events', { consumer: name }).catch(() => null) : null;
      const [kitchen, notification] = await Promise.all([lagOf('kitchen'), lagOf('notification')]);
      return { kitchen, notification };
    },
    async stop() {
      running.clear();
      await supervisor.stop();
      await Promise.all([kitchenDb.drop(), notificationDb.drop()]);
      await mail.stop();
    },
  };
  try {
    await Promise.all(CONSUMERS.map((name) => processes.start(name)));
  } catch (error) {
    await processes.stop();
    throw error;
  }
  return processes;
}
