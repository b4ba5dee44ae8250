/**
 * The one way the product stack is started: by the dev stack (`pnpm start`), the end-to-end tests,
 * the benchmark and the chaos tests. Each service runs as its own process from its production
 * `main.ts`, configured only through its environment (as in production), on its own database:
 *
 *   PostgreSQL ── embedded (in `postgres.dataDir`, or a temporary folder removed on stop), or a given
 *                 URL per service (`databaseUrls`); only the databases no URL was given for are embedded
 *   services   ── inventory, payment, pos-core, kitchen, notification (any subset, in that order); the
 *                 event-bus consumers (kitchen, notification) read the three services' outbox feeds
 *                 directly, or Redis Streams when `redis` is given
 *   Redis      ── optional: the event bus's Redis Streams, given or started here (`redis`)
 *   mail       ── the dev mail server the notification service sends to: in this process (`mail.messages()`),
 *                 as a supervised process of its own, or a given SMTP URL
 *   till       ── `startTill` serves the till's web build (or opens its window) against the stack
 *   console    ── `startConsole` serves the manager's console (console/dist) against the stack
 *
 * For chaos tests `interpose` puts something (a fault proxy) on a link: POS Core → Inventory / Payment,
 * a service → its PostgreSQL; `urls` points a link at a service run elsewhere; `entries` runs a
 * service from another entry file (the chaos POS Core). `createStack` gives a stack that can be
 * stopped before it finished starting (Ctrl-C during start); `launchStack` starts it and stops what
 * started when that fails.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import type { RunningPostgres } from '../common/embedded-postgres.ts';
import { type DevMailServer, startDevMailServer } from '../dev-mail/dev-mail-server.ts';
import { type ChildSpec, createSupervisor } from './child-process-supervisor.ts';
import { freePort } from './free-port.ts';
import { type RedisServer, startRedisServer } from './redis-server.ts';
import { SERVICE_DATABASES, startEmbeddedDatabases } from './stack-databases.ts';
import { waitUntilReady } from './wait-until-ready.ts';

export type { DevMailServer } from '../dev-mail/dev-mail-server.ts';

/** The services, in the order they start. */
export const STACK_SERVICES = ['inventory', 'payment', 'pos-core', 'kitchen', 'notification'] as const;
export type StackService = (typeof STACK_SERVICES)[number];
/** The event-bus consumers: without Redis they read the other three services' outbox feeds. */
export const EVENT_CONSUMERS: readonly StackService[] = ['kitchen', 'notification'];
const FEED_SOURCES = ['pos-core', 'inventory', 'payment'] as const;

/** A link `interpose` can put something on. */
export type StackLink = 'inventory' | 'payment' | 'posCoreDatabase' | 'inventoryDatabase' | 'paymentDatabase';

export interface StackTokens {
  /** POS Core's service credential. */
  service: string;
  /** The demo till's token (`demo-till-1`). */
  terminal: string;
  /** The demo store's manager. */
  manager: string;
}

export type StackMail =
  /** A dev mail server in this process (the default): what was sent is `stack.mail.messages()`. */
  | { kind: 'in-process' }
  /** The dev mail server as a supervised process on these ports (the dev stack). */
  | { kind: 'process'; smtpPort: number; httpPort: number }
  /** A real mail server: the notification service sends there. */
  | { kind: 'smtp'; url: string };

export interface LaunchStackOptions {
  /** Which services run (default all five); each is its own process. */
  services?: readonly StackService[];
  /** The embedded PostgreSQL: its folder (default a temporary one, removed on stop), port (default a free one) and server settings. */
  postgres?: { dataDir?: string; port?: number; settings?: Readonly<Record<string, string>> };
  /** Called once the embedded PostgreSQL runs (with how long it took to start). */
  onPostgres?: (postgres: RunningPostgres, startMs: number) => void;
  /** A database per service to use instead of the embedded PostgreSQL (the consumers also read pos-core's, inventory's and payment's). */
  databaseUrls?: Partial<Record<StackService, string>>;
  /** Where the services listen (default a free port each). */
  ports?: Partial<Record<StackService, number>>;
  /** Where the others reach a service, when not at the one started here (it runs elsewhere). */
  urls?: Partial<Record<'pos-core' | 'inventory' | 'payment', string>>;
  /** The credentials (default: random ones). */
  tokens?: Partial<StackTokens>;
  /** Browser origins the services allow (default: each service's own default). */
  corsOrigins?: readonly string[];
  /** LOG_LEVEL of every service (default: the environment's). */
  logLevel?: string;
  /** Each process's output, one line at a time with its name in front (default: dropped). */
  log?: (line: string) => void;
  /** Restart a service that exits on its own, with a growing delay (the dev stack); `onGiveUp` after 5 tries. */
  restart?: boolean;
  onGiveUp?: (service: string) => void;
  /** Node flags for the services (e.g. --cpu-prof). */
  nodeArgs?: readonly string[];
  /** Environment of every service, over this process's (e.g. INVENTORY_SEED_DEMO). */
  env?: NodeJS.ProcessEnv;
  /** Environment of one service, over everything else. */
  serviceEnv?: Partial<Record<StackService, NodeJS.ProcessEnv>>;
  /** A service run from another entry file than its `main.ts` (it still gets the same environment). */
  entries?: Partial<Record<StackService, string>>;
  /** Default `{ kind: 'in-process' }`; only used when the notification service runs. */
  mail?: StackMail;
  /** The event bus on Redis Streams (REDIS_URL of every service): this one, or `'start'` a Redis server for the stack. */
  redis?: { url: string } | 'start';
  /** Puts something on a link (a fault proxy): given the link's target, answers the URL to use instead. */
  interpose?: (link: StackLink, target: string) => Promise<string>;
}

export interface TillOptions {
  /** `serve-till`: the web build only (resolves once it answers); `open-till`: the Electron window, or the web build without Electron. */
  entry: 'serve-till' | 'open-till';
  port: number;
  /** Where its receipts print (TILL_PRINTER: `system` or a network ESC/POS printer's `host:port`); default system. */
  printer?: string;
  /** Messages the till's process sends (open-till reports when the till can be used). */
  onMessage?: (message: unknown) => void;
}

export interface Stack {
  readonly services: readonly StackService[];
  /** Each started service's own URL. */
  readonly urls: Readonly<Record<StackService, string>>;
  readonly ports: Readonly<Record<StackService, number>>;
  readonly tokens: StackTokens;
  /** The embedded PostgreSQL, once started (null when every database was given). */
  readonly postgres: RunningPostgres | null;
  /** The dev mail server of `mail: { kind: 'in-process' }`, once started. */
  readonly mail: DevMailServer | null;
  /** The Redis server of `redis: 'start'`, once started. */
  readonly redis: RedisServer | null;
  /** A service's database, directly (not through anything interposed). */
  databaseUrl(service: StackService): string;
  /** A database of that name on the embedded PostgreSQL (created if missing). */
  ensureDatabase(name: string): Promise<string>;
  /**
   * Starts what the services need — PostgreSQL, the mail server, Redis, whatever `interpose` puts on
   * the links — and fixes every service's port and environment, but starts no service (`startService`
   * then does). Once only; `start` does it first.
   */
  prepare(): Promise<void>;
  /** `prepare`, then starts every service and waits until all are ready. */
  start(): Promise<void>;
  /** The running process's id (null when not running). */
  pid(service: StackService): number | null;
  running(service: StackService): boolean;
  /** Stops one service (SIGTERM, or SIGKILL for a crash); it stays down until `startService`. */
  stopService(service: StackService, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped service again on its port and database, and waits until it is ready. */
  startService(service: StackService): Promise<void>;
  /** Starts the till against the stack; answers its URL. */
  startTill(options: TillOptions): Promise<string>;
  /** Serves the manager's console (console/dist, built) on `port` against the stack; answers its URL once it answers. */
  startConsole(options: { port: number }): Promise<string>;
  /** Stops the till and the services (SIGTERM, then SIGKILL after 8 s), then the mail server, then PostgreSQL. */
  stop(): Promise<void>;
}

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const TERMINAL_DIR = fileURLToPath(new URL('../../../terminal', import.meta.url));
const CONSOLE_DIR = fileURLToPath(new URL('../../../console', import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const newToken = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;
const local = (port: number) => `http://127.0.0.1:${port}`;
const PORT_VARIABLE: Record<StackService, string> = {
  'pos-core': 'POS_CORE_PORT',
  inventory: 'INVENTORY_PORT',
  payment: 'PAYMENT_PORT',
  kitchen: 'KITCHEN_PORT',
  notification: 'NOTIFICATION_PORT',
};
const DATABASE_VARIABLE: Record<StackService, string> = {
  'pos-core': 'POS_CORE_DATABASE_URL',
  inventory: 'INVENTORY_DATABASE_URL',
  payment: 'PAYMENT_DATABASE_URL',
  kitchen: 'KITCHEN_DATABASE_URL',
  notification: 'NOTIFICATION_DATABASE_URL',
};
const DATABASE_LINK: Partial<Record<StackService, StackLink>> = {
  'pos-core': 'posCoreDatabase',
  inventory: 'inventoryDatabase',
  payment: 'paymentDatabase',
};

/** The stack, not started yet: `stop` may be called at any time and stops what has started. */
export function createStack(options: LaunchStackOptions = {}): Stack {
  const services = STACK_SERVICES.filter((s) => (options.services ?? STACK_SERVICES).includes(s));
  const withConsumers = services.some((s) => EVENT_CONSUMERS.includes(s));
  // Without Redis the consumers read the other services' outbox feeds, so those databases must exist too.
  const databases = STACK_SERVICES.filter(
    (s) => services.includes(s) || (withConsumers && (FEED_SOURCES as readonly string[]).includes(s)),
  );
  const tokens: StackTokens = {
    service: options.tokens?.service ?? newToken('svc'),
    terminal: options.tokens?.terminal ?? newToken('till'),
    manager: options.tokens?.manager ?? newToken('mgr'),
  };
  const mailOption = options.mail ?? { kind: 'in-process' };
  const log = options.log ?? (() => {});
  /** The last lines of each process's output: why it exited during start. */
  const tails = new Map<string, string[]>();
  const supervisor = createSupervisor(
    (line, name) => {
      const tail = tails.get(name) ?? [];
      tail.push(line);
      tails.set(name, tail.slice(-20));
      log(line);
    },
    (name) => options.onGiveUp?.(name),
  );

  const ports = {} as Record<StackService, number>;
  const specs = new Map<StackService, ChildSpec>();
  const up = new Set<StackService>();
  let postgres: RunningPostgres | null = null;
  /** The embedded PostgreSQL's start while it runs: a stop meanwhile waits for it, then stops it. */
  let postgresStarting: Promise<void> | null = null;
  let tempDir: string | null = null;
  let mail: DevMailServer | null = null;
  let redisServer: RedisServer | null = null;
  let stopping: Promise<void> | null = null;
  let preparing: Promise<void> | null = null;

  const databaseUrl = (s: StackService): string => {
    const given = options.databaseUrls?.[s];
    if (given) return given;
    if (!postgres) throw new Error(`no database for ${s}: the stack's PostgreSQL has not started`);
    return postgres.url(SERVICE_DATABASES[s]);
  };

  async function startPostgres(): Promise<void> {
    const embedded = databases.filter((s) => !options.databaseUrls?.[s]);
    if (embedded.length === 0) return;
    let dataDir = options.postgres?.dataDir;
    if (!dataDir) {
      tempDir = mkdtempSync(join(tmpdir(), 'pos-stack-'));
      // Run as root, PostgreSQL runs as its own system user, which must be able to enter the folder.
      chmodSync(tempDir, 0o755);
      dataDir = tempDir;
    }
    const started = Date.now();
    postgres = await startEmbeddedDatabases(
      dataDir,
      options.postgres?.port ?? (await freePort()),
      embedded.map((s) => SERVICE_DATABASES[s]),
      options.postgres?.settings,
    );
    options.onPostgres?.(postgres, Date.now() - started);
  }

  async function startMail(): Promise<string | null> {
    if (!services.includes('notification')) return null;
    switch (mailOption.kind) {
      case 'smtp':
        return mailOption.url;
      case 'in-process':
        mail = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
        return `smtp://127.0.0.1:${mail.smtpPort}`;
      case 'process':
        supervisor.start({
          name: 'mail',
          command: process.execPath,
          args: ['--import', 'tsx', join(SERVER_DIR, 'src', 'dev-mail', 'main.ts')],
          env: { ...process.env, DEV_MAIL_SMTP_PORT: String(mailOption.smtpPort), DEV_MAIL_PORT: String(mailOption.httpPort) },
          cwd: SERVER_DIR,
          restart: options.restart ?? false,
        });
        return `smtp://127.0.0.1:${mailOption.smtpPort}`;
    }
  }

  /**
   * Where the others reach `target`: a given URL, else its port here (through what is interposed);
   * undefined leaves the service's own default.
   */
  async function linkTo(target: 'pos-core' | 'inventory' | 'payment', link?: StackLink): Promise<string | undefined> {
    const given = options.urls?.[target];
    if (given) return given;
    const port = ports[target] ?? options.ports?.[target];
    if (port === undefined) return undefined;
    // Only POS Core calls Inventory and Payment: without it here, nothing goes on those links.
    return link && options.interpose && services.includes('pos-core') ? options.interpose(link, local(port)) : local(port);
  }

  async function startRedis(): Promise<string | null> {
    if (!options.redis) return null;
    if (options.redis !== 'start') return options.redis.url;
    redisServer = await startRedisServer();
    return redisServer.url;
  }

  async function configure(smtpUrl: string | null, redis: string | null): Promise<void> {
    for (const s of services) ports[s] = options.ports?.[s] ?? (await freePort());
    const common: NodeJS.ProcessEnv = {
      ...process.env,
      ...options.env,
      POS_SERVICE_TOKEN: tokens.service,
      POS_DEMO_TERMINAL_TOKEN: tokens.terminal,
      POS_DEMO_MANAGER_TOKEN: tokens.manager,
      POS_CORE_INVENTORY_URL: (await linkTo('inventory', 'inventory')) ?? process.env.POS_CORE_INVENTORY_URL,
      POS_CORE_PAYMENT_URL: (await linkTo('payment', 'payment')) ?? process.env.POS_CORE_PAYMENT_URL,
      POS_INTROSPECTION_URL: (await linkTo('pos-core')) ?? process.env.POS_INTROSPECTION_URL,
      INVENTORY_SEED_DEMO: options.env?.INVENTORY_SEED_DEMO ?? process.env.INVENTORY_SEED_DEMO ?? 'true',
      ...(options.corsOrigins ? { POS_CORS_ORIGINS: options.corsOrigins.join(',') } : {}),
      ...(options.logLevel ? { LOG_LEVEL: options.logLevel } : {}),
      ...(redis ? { REDIS_URL: redis } : {}),
    };
    const feeds: NodeJS.ProcessEnv = withConsumers
      ? {
          BUS_POS_CORE_DATABASE_URL: databaseUrl('pos-core'),
          BUS_INVENTORY_DATABASE_URL: databaseUrl('inventory'),
          BUS_PAYMENT_DATABASE_URL: databaseUrl('payment'),
        }
      : {};
    for (const s of services) {
      const link = DATABASE_LINK[s];
      const ownDatabase = link && options.interpose ? await options.interpose(link, databaseUrl(s)) : databaseUrl(s);
      const env: NodeJS.ProcessEnv = {
        ...common,
        [PORT_VARIABLE[s]]: String(ports[s]),
        [DATABASE_VARIABLE[s]]: ownDatabase,
        ...(EVENT_CONSUMERS.includes(s) ? feeds : {}),
        ...(s === 'notification' && smtpUrl ? { NOTIFICATION_SMTP_URL: smtpUrl } : {}),
        ...options.serviceEnv?.[s],
      };
      specs.set(s, {
        name: s,
        command: process.execPath,
        args: [...(options.nodeArgs ?? []), '--import', 'tsx', options.entries?.[s] ?? join(SERVER_DIR, 'src', s, 'main.ts')],
        env,
        cwd: SERVER_DIR,
        restart: options.restart ?? false,
      });
    }
  }

  async function startService(s: StackService): Promise<void> {
    const spec = specs.get(s);
    if (!spec) throw new Error(`${s} is not part of this stack, or the stack is not prepared`);
    if (up.has(s)) throw new Error(`${s} is already running`);
    if (stopping) throw new Error('the stack is stopping');
    up.add(s);
    tails.set(s, []);
    const { exited } = supervisor.start(spec);
    const ready = waitUntilReady(`${local(ports[s])}/readyz`, READY_TIMEOUT_MS);
    // Not restarted: a process that exits before it is ready fails the start at once, saying why.
    const died = spec.restart
      ? new Promise<never>(() => {})
      : exited.then((how) => {
          throw new Error(`${s} exited during start (${how}): ${(tails.get(s) ?? []).join('\n')}`);
        });
    died.catch(() => {});
    try {
      await Promise.race([ready, died]);
    } catch (error) {
      up.delete(s);
      await supervisor.stopOne(s);
      throw error;
    }
  }

  const stack: Stack = {
    services,
    get urls() {
      return Object.fromEntries(services.map((s) => [s, local(ports[s])])) as Record<StackService, string>;
    },
    ports,
    tokens,
    get postgres() {
      return postgres;
    },
    get mail() {
      return mail;
    },
    get redis() {
      return redisServer;
    },
    databaseUrl,
    async ensureDatabase(name) {
      if (!postgres) throw new Error('the stack runs no embedded PostgreSQL');
      await postgres.ensureDatabase(name);
      return postgres.url(name);
    },
    prepare() {
      preparing ??= (async () => {
        postgresStarting = startPostgres();
        await postgresStarting;
        if (stopping) throw new Error('the stack was stopped while it started');
        const smtpUrl = await startMail();
        await configure(smtpUrl, await startRedis());
      })();
      return preparing;
    },
    async start() {
      await stack.prepare();
      await Promise.all(services.map((s) => startService(s)));
    },
    pid: (s) => supervisor.pid(s),
    running: (s) => up.has(s),
    async stopService(s, signal = 'SIGTERM') {
      up.delete(s);
      await supervisor.stopOne(s, signal);
    },
    startService,
    async startTill(till) {
      const url = local(till.port);
      supervisor.start({
        name: 'till',
        command: process.execPath,
        args: ['--import', 'tsx', join(TERMINAL_DIR, 'scripts', `${till.entry}.ts`)],
        env: {
          ...process.env,
          TILL_PORT: String(till.port),
          TILL_POS_CORE_URL: local(ports['pos-core']),
          TILL_INVENTORY_URL: local(ports.inventory),
          TILL_TERMINAL_ID: DEMO_TERMINAL_ID,
          TILL_TERMINAL_TOKEN: tokens.terminal,
          ...(till.printer ? { TILL_PRINTER: till.printer } : {}),
        },
        cwd: TERMINAL_DIR,
        restart: false,
        ...(till.onMessage ? { onMessage: till.onMessage } : {}),
      });
      if (till.entry === 'serve-till') await waitUntilReady(url, READY_TIMEOUT_MS);
      return url;
    },
    async startConsole({ port }) {
      const url = local(port);
      supervisor.start({
        name: 'console',
        command: process.execPath,
        args: ['--import', 'tsx', join(CONSOLE_DIR, 'scripts', 'serve-console.ts')],
        env: {
          ...process.env,
          CONSOLE_PORT: String(port),
          CONSOLE_POS_CORE_URL: local(ports['pos-core']),
          CONSOLE_INVENTORY_URL: local(ports.inventory),
        },
        cwd: CONSOLE_DIR,
        // Not restarted: the stack goes on without its console (its output says why it stopped).
        restart: false,
      });
      await waitUntilReady(url, READY_TIMEOUT_MS);
      return url;
    },
    stop() {
      stopping ??= (async () => {
        up.clear();
        await supervisor.stop();
        await mail?.stop();
        await redisServer?.stop();
        await postgresStarting?.catch(() => {});
        const pg = postgres as RunningPostgres | null;
        if (pg) {
          await pg.stop().catch((e: unknown) => log(`PostgreSQL stop: ${String(e)}`));
          // As root the cluster may live outside the temporary folder (made reachable for the postgres account).
          if (tempDir) rmSync(pg.dataDir, { recursive: true, force: true });
        }
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
  return stack;
}

/** Creates the stack and starts it; when the start fails, stops what had started and throws. */
export async function launchStack(options: LaunchStackOptions = {}): Promise<Stack> {
  const stack = createStack(options);
  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }
  return stack;
}
