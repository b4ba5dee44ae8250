/**
 * `pnpm start` / `pnpm start:server`: the whole product on one machine with no configuration.
 *
 *   embedded PostgreSQL (data in POS_DATA_DIR) ─┬─ POS Core  :4000 ─┐
 *                                               ├─ Inventory :4001 ─┼─ the till (Electron, or a browser at :4100)
 *                                               ├─ Payment   :4002 ─┘
 *                                               ├─ Kitchen   :4003   event-bus consumer + kitchen display
 *                                               └─ Notification :4004  event-bus consumer → SMTP → dev mail :2525 (inbox :4005)
 *   the manager's console (console/dist) at :4200, when POS Core runs
 *
 * The event bus: with REDIS_URL the services publish their outboxes to Redis Streams and the
 * consumers read them there; without it the consumers read the services' PostgreSQL outbox feeds.
 *
 * Usage: main.ts [--with-till] [--service pos-core|inventory|payment|kitchen|notification]...
 * Each service runs as its own process (as in production); Ctrl-C stops all of them and PostgreSQL.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { z } from 'zod';
import { EmbeddedPostgresError, type RunningPostgres } from '../common/embedded-postgres.ts';
import { ConfigError } from '../common/env.ts';
import { consoleOrigins, DEFAULT_TILL_ORIGINS, tillOrigins } from '../common/service-env.ts';
import { createSupervisor, type Supervisor } from './child-process-supervisor.ts';
import { loadOrCreateCredentials } from './credentials-store.ts';
import { type DevstackConfig, loadDevstackConfig, REPO_ROOT } from './devstack-config.ts';
import { SERVICE_DATABASES, startDevDatabase } from './embedded-database.ts';
import { waitUntilReady } from './wait-until-ready.ts';

type ServiceName = keyof typeof SERVICE_DATABASES;
const ALL_SERVICES: ServiceName[] = ['inventory', 'payment', 'pos-core', 'kitchen', 'notification'];
/** The event-bus consumers: without Redis they read the other services' outbox feeds. */
const CONSUMERS: ServiceName[] = ['kitchen', 'notification'];
const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const { values } = parseArgs({
    options: { 'with-till': { type: 'boolean', default: false }, service: { type: 'string', multiple: true } },
    allowPositionals: false,
  });
  const config = loadDevstackConfig();
  const services = (values.service ?? ALL_SERVICES) as ServiceName[];
  for (const s of services)
    if (!ALL_SERVICES.includes(s)) throw new ConfigError(`--service must be one of ${ALL_SERVICES.join(', ')}; got "${s}"`);

  mkdirSync(config.POS_DATA_DIR, { recursive: true });
  const credentials = loadOrCreateCredentials(config.POS_DATA_DIR, {
    serviceToken: config.POS_SERVICE_TOKEN,
    terminalToken: config.POS_DEMO_TERMINAL_TOKEN,
    managerToken: config.POS_DEMO_MANAGER_TOKEN,
  });

  const ports: Record<ServiceName, number> = {
    'pos-core': config.POS_CORE_PORT,
    inventory: config.INVENTORY_PORT,
    payment: config.PAYMENT_PORT,
    kitchen: config.KITCHEN_PORT,
    notification: config.NOTIFICATION_PORT,
  };
  const givenUrls: Record<ServiceName, string | undefined> = {
    'pos-core': config.POS_CORE_DATABASE_URL,
    inventory: config.INVENTORY_DATABASE_URL,
    payment: config.PAYMENT_DATABASE_URL,
    kitchen: config.KITCHEN_DATABASE_URL,
    notification: config.NOTIFICATION_DATABASE_URL,
  };
  // Without Redis the consumers read the other services' outbox feeds, so those databases must exist too.
  const withConsumers = services.some((s) => CONSUMERS.includes(s));
  const embeddedFor = [...new Set(withConsumers ? [...ALL_SERVICES.filter((s) => !CONSUMERS.includes(s)), ...services] : services)].filter(
    (s) => !givenUrls[s],
  );

  let pg: RunningPostgres | null = null;
  const supervisor = createSupervisor(log, (name) => {
    log(`${name} keeps failing; stopping the stack.`);
    void shutdown(1);
  });
  let shuttingDown = false;
  async function shutdown(code: number) {
    if (shuttingDown) return;
    shuttingDown = true;
    log('Stopping…');
    await supervisor.stop();
    if (pg) await pg.stop().catch((e: unknown) => log(`PostgreSQL stop: ${String(e)}`));
    log('Stopped.');
    process.exit(code);
  }
  // The stack owns shutdown order: services first, then PostgreSQL, then exit.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

  if (embeddedFor.length > 0) {
    const started = Date.now();
    pg = await startDevDatabase(
      config.POS_DATA_DIR,
      config.POS_PG_PORT,
      embeddedFor.map((s) => SERVICE_DATABASES[s]),
      () => {},
    );
    log(
      `PostgreSQL (embedded) on 127.0.0.1:${config.POS_PG_PORT} as ${pg.runsAs}, data in ${pg.dataDir}${pg.relocatedBecause ? ` (${pg.relocatedBecause})` : ''} (${Date.now() - started} ms)`,
    );
  }

  const databaseUrl = (s: ServiceName) => givenUrls[s] ?? pg!.url(SERVICE_DATABASES[s]);
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    POS_SERVICE_TOKEN: credentials.serviceToken,
    POS_DEMO_TERMINAL_TOKEN: credentials.terminalToken,
    POS_DEMO_MANAGER_TOKEN: credentials.managerToken,
    POS_CORE_INVENTORY_URL: process.env.POS_CORE_INVENTORY_URL ?? `http://127.0.0.1:${config.INVENTORY_PORT}`,
    POS_CORE_PAYMENT_URL: process.env.POS_CORE_PAYMENT_URL ?? `http://127.0.0.1:${config.PAYMENT_PORT}`,
    POS_INTROSPECTION_URL: process.env.POS_INTROSPECTION_URL ?? `http://127.0.0.1:${config.POS_CORE_PORT}`,
    INVENTORY_SEED_DEMO: process.env.INVENTORY_SEED_DEMO ?? 'true',
    // The till is served at TILL_PORT: its origin must be allowed whatever the port.
    POS_CORS_ORIGINS: [
      ...new Set([
        ...(process.env.POS_CORS_ORIGINS || DEFAULT_TILL_ORIGINS).split(','),
        ...tillOrigins(config.TILL_PORT),
        ...consoleOrigins(config.CONSOLE_PORT),
      ]),
    ].join(','),
  };
  const busSources = {
    BUS_POS_CORE_DATABASE_URL: databaseUrl('pos-core'),
    BUS_INVENTORY_DATABASE_URL: databaseUrl('inventory'),
    BUS_PAYMENT_DATABASE_URL: databaseUrl('payment'),
  };
  // Mail goes to the local dev mail server unless a real one is configured.
  const devMail = services.includes('notification') && !config.NOTIFICATION_SMTP_URL;
  const envOf: Record<ServiceName, NodeJS.ProcessEnv> = {
    'pos-core': { POS_CORE_PORT: String(ports['pos-core']), POS_CORE_DATABASE_URL: databaseUrl('pos-core') },
    inventory: { INVENTORY_PORT: String(ports.inventory), INVENTORY_DATABASE_URL: databaseUrl('inventory') },
    payment: { PAYMENT_PORT: String(ports.payment), PAYMENT_DATABASE_URL: databaseUrl('payment') },
    kitchen: { KITCHEN_PORT: String(ports.kitchen), KITCHEN_DATABASE_URL: databaseUrl('kitchen'), ...busSources },
    notification: {
      NOTIFICATION_PORT: String(ports.notification),
      NOTIFICATION_DATABASE_URL: databaseUrl('notification'),
      NOTIFICATION_SMTP_URL: config.NOTIFICATION_SMTP_URL ?? `smtp://127.0.0.1:${config.DEV_MAIL_SMTP_PORT}`,
      ...busSources,
    },
  };
  if (devMail) {
    supervisor.start({
      name: 'mail',
      command: process.execPath,
      args: ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'dev-mail', 'main.ts')],
      env: { ...process.env, DEV_MAIL_SMTP_PORT: String(config.DEV_MAIL_SMTP_PORT), DEV_MAIL_PORT: String(config.DEV_MAIL_PORT) },
      cwd: join(REPO_ROOT, 'server'),
      restart: true,
    });
  }
  for (const s of services) {
    supervisor.start({
      name: s,
      command: process.execPath,
      args: ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', s, 'main.ts')],
      env: { ...common, ...envOf[s] },
      cwd: join(REPO_ROOT, 'server'),
      restart: true,
    });
  }
  await Promise.all(services.map((s) => waitUntilReady(`http://127.0.0.1:${ports[s]}/readyz`, 60_000)));
  const consoleLine = services.includes('pos-core') ? await startConsole(supervisor, config, ports) : null;

  log('');
  log('Till & Sync is running:');
  for (const s of services) log(`  ${s.padEnd(9)} http://127.0.0.1:${ports[s]}`);
  log(`  event bus: ${config.REDIS_URL ? 'Redis Streams' : 'PostgreSQL outbox feeds (set REDIS_URL for Redis Streams)'}`);
  log(`  till token (${DEMO_TERMINAL_ID}): ${credentials.terminalToken}`);
  log(`  manager token (demo store):  ${credentials.managerToken}`);
  log(`  data folder: ${config.POS_DATA_DIR}`);
  // The token rides in the URL's fragment: the browser keeps it, no server ever receives or logs it.
  if (services.includes('kitchen')) log(`Kitchen display: http://127.0.0.1:${ports.kitchen}/#token=${credentials.managerToken}`);
  if (devMail) log(`Mail inbox (receipts and alerts sent in development): http://127.0.0.1:${config.DEV_MAIL_PORT}/`);
  if (consoleLine) log(consoleLine);
  log('Press Ctrl-C to stop everything.');
  if (!values['with-till']) return;
  // The till reports when it can be used: that is the last line of the start output.
  supervisor.start({
    name: 'till',
    command: process.execPath,
    args: ['--import', 'tsx', join(REPO_ROOT, 'terminal', 'scripts', 'open-till.ts')],
    env: {
      ...process.env,
      TILL_PORT: String(config.TILL_PORT),
      TILL_POS_CORE_URL: `http://127.0.0.1:${ports['pos-core']}`,
      TILL_INVENTORY_URL: `http://127.0.0.1:${ports.inventory}`,
      TILL_TERMINAL_ID: DEMO_TERMINAL_ID,
      TILL_TERMINAL_TOKEN: credentials.terminalToken,
    },
    cwd: join(REPO_ROOT, 'terminal'),
    restart: false,
    onMessage: (message) => {
      const opened = tillOpened.safeParse(message);
      if (!opened.success) return;
      log('');
      log(opened.data.till === 'window' ? 'The till window is open.' : `Open the till: ${opened.data.url}`);
    },
  });
}

/** Serves the manager's console (console/scripts/serve-console.ts) under the supervisor; answers its line of the summary. */
async function startConsole(supervisor: Supervisor, config: DevstackConfig, ports: Record<ServiceName, number>): Promise<string> {
  if (!existsSync(join(REPO_ROOT, 'console', 'dist', 'index.html'))) {
    return 'Manager console: not built — run pnpm --filter @pos/console build (pnpm start does)';
  }
  const url = `http://127.0.0.1:${config.CONSOLE_PORT}`;
  supervisor.start({
    name: 'console',
    command: process.execPath,
    args: ['--import', 'tsx', join(REPO_ROOT, 'console', 'scripts', 'serve-console.ts')],
    env: {
      ...process.env,
      CONSOLE_PORT: String(config.CONSOLE_PORT),
      CONSOLE_POS_CORE_URL: `http://127.0.0.1:${ports['pos-core']}`,
      CONSOLE_INVENTORY_URL: `http://127.0.0.1:${ports.inventory}`,
    },
    cwd: join(REPO_ROOT, 'console'),
    // Not restarted: the stack goes on without its console (its output above says why it stopped).
    restart: false,
  });
  try {
    await waitUntilReady(url, 30_000);
  } catch {
    return `Manager console: did not start at ${url} (see its output above; CONSOLE_PORT moves it)`;
  }
  return `Manager console: ${url}/ (sign in with the manager token above)`;
}

/** What open-till.ts reports once the till can be used. */
const tillOpened = z.discriminatedUnion('till', [
  z.object({ till: z.literal('window') }),
  z.object({ till: z.literal('served'), url: z.string() }),
]);

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof EmbeddedPostgresError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
