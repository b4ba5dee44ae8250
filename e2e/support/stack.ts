/**
 * A whole product stack for end-to-end tests, built from the same pieces as `pnpm start`: an
 * embedded PostgreSQL in a temporary folder, the three services and the event-bus consumers (kitchen,
 * notification; on the PostgreSQL transport) as separate processes (so a test can stop, kill and
 * restart one), the local mail server the notification service sends to, the till's web build
 * served by its own server, and the manager's console (console/dist) by its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DevMailServer, startDevMailServer } from '@pos/server/dev-mail/dev-mail-server';
import { type ChildSpec, createSupervisor } from '@pos/server/devstack/child-process-supervisor';
import { SERVICE_DATABASES, startDevDatabase } from '@pos/server/devstack/embedded-database';
import { waitUntilReady } from '@pos/server/devstack/wait-until-ready';
import { freePort } from '@pos/server/testing/free-port';
import { DEMO_TERMINAL_ID } from '@pos/shared/demo';

export type ServiceName = 'pos-core' | 'inventory' | 'payment' | 'kitchen' | 'notification';
const SERVICES: ServiceName[] = ['inventory', 'payment', 'pos-core', 'kitchen', 'notification'];
const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface Stack {
  urls: Record<ServiceName | 'till' | 'console', string>;
  tokens: { terminal: string; manager: string; service: string; operator: string };
  /** The local mail server: what the notification service sent. */
  mail: DevMailServer;
  /** Stops a service (SIGTERM by default; SIGKILL for a crash). It stays down until startService. */
  stopService(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped service again and waits until it is ready. */
  startService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

const token = (prefix: string) => `${prefix}_${randomBytes(18).toString('base64url')}`;

export async function startStack(options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): Promise<Stack> {
  const log = options.log ?? (process.env.E2E_STACK_LOGS ? (line: string) => process.stdout.write(`${line}\n`) : () => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-e2e-'));
  const pg = await startDevDatabase(dataDir, await freePort(), Object.values(SERVICE_DATABASES), log);
  const ports = {
    'pos-core': await freePort(),
    inventory: await freePort(),
    payment: await freePort(),
    kitchen: await freePort(),
    notification: await freePort(),
    till: await freePort(),
    console: await freePort(),
  };
  const urls = {
    'pos-core': `http://127.0.0.1:${ports['pos-core']}`,
    inventory: `http://127.0.0.1:${ports.inventory}`,
    payment: `http://127.0.0.1:${ports.payment}`,
    kitchen: `http://127.0.0.1:${ports.kitchen}`,
    notification: `http://127.0.0.1:${ports.notification}`,
    till: `http://127.0.0.1:${ports.till}`,
    console: `http://127.0.0.1:${ports.console}`,
  };
  const tokens = { terminal: token('till'), manager: token('mgr'), service: token('svc'), operator: token('op') };
  const supervisor = createSupervisor(log, (name) => log(`${name} gave up`));
  const mail = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
  const busSources = {
    BUS_POS_CORE_DATABASE_URL: pg.url(SERVICE_DATABASES['pos-core']),
    BUS_INVENTORY_DATABASE_URL: pg.url(SERVICE_DATABASES.inventory),
    BUS_PAYMENT_DATABASE_URL: pg.url(SERVICE_DATABASES.payment),
  };

  const common: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    POS_SERVICE_TOKEN: tokens.service,
    POS_DEMO_TERMINAL_TOKEN: tokens.terminal,
    POS_DEMO_MANAGER_TOKEN: tokens.manager,
    POS_OPERATOR_TOKEN: tokens.operator,
    POS_CORS_ORIGINS: [urls.till, urls.console].join(','),
    POS_CORE_INVENTORY_URL: urls.inventory,
    POS_CORE_PAYMENT_URL: urls.payment,
    POS_INTROSPECTION_URL: urls['pos-core'],
    INVENTORY_SEED_DEMO: 'true',
    LOG_LEVEL: process.env.E2E_STACK_LOGS ? 'info' : 'warn',
  };
  const specs: Record<ServiceName, ChildSpec> = {
    'pos-core': serviceSpec('pos-core', {
      POS_CORE_PORT: String(ports['pos-core']),
      POS_CORE_DATABASE_URL: pg.url(SERVICE_DATABASES['pos-core']),
    }),
    inventory: serviceSpec('inventory', {
      INVENTORY_PORT: String(ports.inventory),
      INVENTORY_DATABASE_URL: pg.url(SERVICE_DATABASES.inventory),
    }),
    payment: serviceSpec('payment', { PAYMENT_PORT: String(ports.payment), PAYMENT_DATABASE_URL: pg.url(SERVICE_DATABASES.payment) }),
    kitchen: serviceSpec('kitchen', {
      KITCHEN_PORT: String(ports.kitchen),
      KITCHEN_DATABASE_URL: pg.url(SERVICE_DATABASES.kitchen),
      ...busSources,
    }),
    notification: serviceSpec('notification', {
      NOTIFICATION_PORT: String(ports.notification),
      NOTIFICATION_DATABASE_URL: pg.url(SERVICE_DATABASES.notification),
      NOTIFICATION_SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
      ...busSources,
    }),
  };
  function serviceSpec(name: ServiceName, env: NodeJS.ProcessEnv): ChildSpec {
    return {
      name,
      command: process.execPath,
      args: ['--import', 'tsx', join(REPO, 'server', 'src', name, 'main.ts')],
      env: { ...common, ...env },
      cwd: join(REPO, 'server'),
      restart: false,
    };
  }

  for (const s of SERVICES) supervisor.start(specs[s]);
  supervisor.start({
    name: 'till',
    command: process.execPath,
    args: ['--import', 'tsx', join(REPO, 'terminal', 'scripts', 'serve-till.ts')],
    env: {
      ...process.env,
      TILL_PORT: String(ports.till),
      TILL_POS_CORE_URL: urls['pos-core'],
      TILL_INVENTORY_URL: urls.inventory,
      TILL_TERMINAL_ID: DEMO_TERMINAL_ID,
      TILL_TERMINAL_TOKEN: tokens.terminal,
    },
    cwd: join(REPO, 'terminal'),
    restart: false,
  });
  supervisor.start({
    name: 'console',
    command: process.execPath,
    args: ['--import', 'tsx', join(REPO, 'console', 'scripts', 'serve-console.ts')],
    env: {
      ...process.env,
      CONSOLE_PORT: String(ports.console),
      CONSOLE_POS_CORE_URL: urls['pos-core'],
      CONSOLE_INVENTORY_URL: urls.inventory,
    },
    cwd: join(REPO, 'console'),
    restart: false,
  });
  const stop = async () => {
    await supervisor.stop();
    await mail.stop();
    await pg.stop().catch(() => {});
    // As root the cluster may live outside dataDir (made reachable for the postgres account).
    rmSync(pg.dataDir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all([
      ...SERVICES.map((s) => waitUntilReady(`${urls[s]}/readyz`, 60_000)),
      waitUntilReady(urls.till, 60_000),
      waitUntilReady(urls.console, 60_000),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    urls,
    tokens,
    mail,
    stopService: (name, signal) => supervisor.stopOne(name, signal),
    startService: async (name) => {
      supervisor.start(specs[name]);
      await waitUntilReady(`${urls[name]}/readyz`, 60_000);
    },
    stop,
  };
}
