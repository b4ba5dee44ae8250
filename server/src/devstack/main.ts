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
import { EmbeddedPostgresError } from '../common/embedded-postgres.ts';
import { ConfigError } from '../common/env.ts';
import { consoleOrigins, DEFAULT_TILL_ORIGINS, tillOrigins } from '../common/service-env.ts';
import { createStack, STACK_SERVICES, type Stack, type StackService } from '../stack/launch-stack.ts';
import { loadOrCreateCredentials } from './credentials-store.ts';
import { type DevstackConfig, loadDevstackConfig, REPO_ROOT } from './devstack-config.ts';

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const { values } = parseArgs({
    options: { 'with-till': { type: 'boolean', default: false }, service: { type: 'string', multiple: true } },
    allowPositionals: false,
  });
  const config = loadDevstackConfig();
  const services = (values.service ?? STACK_SERVICES) as StackService[];
  for (const s of services)
    if (!STACK_SERVICES.includes(s)) throw new ConfigError(`--service must be one of ${STACK_SERVICES.join(', ')}; got "${s}"`);

  mkdirSync(config.POS_DATA_DIR, { recursive: true });
  const credentials = loadOrCreateCredentials(config.POS_DATA_DIR, {
    serviceToken: config.POS_SERVICE_TOKEN,
    terminalToken: config.POS_DEMO_TERMINAL_TOKEN,
    managerToken: config.POS_DEMO_MANAGER_TOKEN,
  });
  // Mail goes to the local dev mail server unless a real one is configured.
  const devMail = services.includes('notification') && !config.NOTIFICATION_SMTP_URL;
  const stack = createStack({
    services,
    postgres: { dataDir: config.POS_DATA_DIR, port: config.POS_PG_PORT },
    onPostgres: (pg, startMs) =>
      log(
        `PostgreSQL (embedded) on 127.0.0.1:${config.POS_PG_PORT} as ${pg.runsAs}, data in ${pg.dataDir}${pg.relocatedBecause ? ` (${pg.relocatedBecause})` : ''} (${startMs} ms)`,
      ),
    databaseUrls: {
      'pos-core': config.POS_CORE_DATABASE_URL,
      inventory: config.INVENTORY_DATABASE_URL,
      payment: config.PAYMENT_DATABASE_URL,
      kitchen: config.KITCHEN_DATABASE_URL,
      notification: config.NOTIFICATION_DATABASE_URL,
    },
    ports: {
      'pos-core': config.POS_CORE_PORT,
      inventory: config.INVENTORY_PORT,
      payment: config.PAYMENT_PORT,
      kitchen: config.KITCHEN_PORT,
      notification: config.NOTIFICATION_PORT,
    },
    // A service set elsewhere by the environment is reached there.
    urls: {
      inventory: process.env.POS_CORE_INVENTORY_URL,
      payment: process.env.POS_CORE_PAYMENT_URL,
      'pos-core': process.env.POS_INTROSPECTION_URL,
    },
    tokens: { service: credentials.serviceToken, terminal: credentials.terminalToken, manager: credentials.managerToken },
    // The till is served at TILL_PORT: its origin must be allowed whatever the port.
    corsOrigins: [
      ...new Set([
        ...(process.env.POS_CORS_ORIGINS || DEFAULT_TILL_ORIGINS).split(','),
        ...tillOrigins(config.TILL_PORT),
        ...consoleOrigins(config.CONSOLE_PORT),
      ]),
    ],
    mail: config.NOTIFICATION_SMTP_URL
      ? { kind: 'smtp', url: config.NOTIFICATION_SMTP_URL }
      : { kind: 'process', smtpPort: config.DEV_MAIL_SMTP_PORT, httpPort: config.DEV_MAIL_PORT },
    // Each service keeps its JSON logs here, rotated (common/log-destination.ts): what `pnpm trace` reads.
    env: { POS_LOG_DIR: process.env.POS_LOG_DIR ?? join(config.POS_DATA_DIR, 'logs') },
    log,
    restart: true,
    onGiveUp: (name) => {
      log(`${name} keeps failing; stopping the stack.`);
      void shutdown(1);
    },
  });
  let shuttingDown = false;
  async function shutdown(code: number) {
    if (shuttingDown) return;
    shuttingDown = true;
    log('Stopping…');
    await stack.stop();
    log('Stopped.');
    process.exit(code);
  }
  // The stack owns shutdown order: services first, then PostgreSQL, then exit.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void shutdown(0));

  try {
    await stack.start();
  } catch (error) {
    await stack.stop();
    throw error;
  }

  const consoleLine = services.includes('pos-core') ? await startConsole(stack, config) : null;

  log('');
  log('Till & Sync is running:');
  for (const s of services) log(`  ${s.padEnd(9)} ${stack.urls[s]}`);
  log(`  event bus: ${config.REDIS_URL ? 'Redis Streams' : 'PostgreSQL outbox feeds (set REDIS_URL for Redis Streams)'}`);
  log(`  till token (${DEMO_TERMINAL_ID}): ${credentials.terminalToken}`);
  log(`  manager token (demo store):  ${credentials.managerToken}`);
  log(`  data folder: ${config.POS_DATA_DIR}`);
  // The token rides in the URL's fragment: the browser keeps it, no server ever receives or logs it.
  if (services.includes('kitchen')) log(`Kitchen display: ${stack.urls.kitchen}/#token=${credentials.managerToken}`);
  if (devMail) log(`Mail inbox (receipts and alerts sent in development): http://127.0.0.1:${config.DEV_MAIL_PORT}/`);
  if (consoleLine) log(consoleLine);
  log('Press Ctrl-C to stop everything.');
  if (!values['with-till']) return;
  // The till reports when it can be used: that is the last line of the start output.
  await stack.startTill({
    entry: 'open-till',
    port: config.TILL_PORT,
    onMessage: (message) => {
      const opened = tillOpened.safeParse(message);
      if (!opened.success) return;
      log('');
      log(opened.data.till === 'window' ? 'The till window is open.' : `Open the till: ${opened.data.url}`);
    },
  });
}

/** Serves the manager's console when it is built; answers its line of the summary. */
async function startConsole(stack: Stack, config: DevstackConfig): Promise<string> {
  if (!existsSync(join(REPO_ROOT, 'console', 'dist', 'index.html'))) {
    return 'Manager console: not built — run pnpm --filter @pos/console build (pnpm start does)';
  }
  try {
    const url = await stack.startConsole({ port: config.CONSOLE_PORT });
    return `Manager console: ${url}/ (sign in with the manager token above)`;
  } catch {
    return `Manager console: did not start at http://127.0.0.1:${config.CONSOLE_PORT} (see its output above; CONSOLE_PORT moves it)`;
  }
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
