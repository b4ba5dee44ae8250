/**
 * The stack a benchmark runs against: a fresh embedded PostgreSQL in a temporary folder and the three
 * services as separate child processes (as `pnpm start` runs them), each on a free port, with
 * generated credentials. The child pids are exposed so memory can be read from /proc.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../devstack/devstack-config.ts';
import { SERVICE_DATABASES, startDevDatabase } from '../devstack/embedded-database.ts';
import { waitUntilReady } from '../devstack/wait-until-ready.ts';
import { freePort } from '../stack/free-port.ts';

/** The services the benchmarks drive (the event-bus consumers are not part of them). */
export type ServiceName = Exclude<keyof typeof SERVICE_DATABASES, 'kitchen' | 'notification'>;
const SERVICES: ServiceName[] = ['inventory', 'payment', 'pos-core'];

export interface BenchStack {
  urls: Record<ServiceName, string>;
  tokens: { terminal: string; manager: string; service: string };
  pids: Record<ServiceName, number>;
  /** URL of a database on the benchmark's PostgreSQL (created if missing). */
  databaseUrl(database: string): Promise<string>;
  /** Where the services' output goes. */
  logFile: string;
  stop(): Promise<void>;
}

function terminate(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 8_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export interface BenchStackOptions {
  logLevel: string;
  /** Extra Node flags for the services (e.g. --cpu-prof --cpu-prof-dir=…: a profile per service, written on stop). */
  nodeArgs?: string[];
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-bench-'));
  // Run as root, PostgreSQL runs as its own system user, which must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const pg = await startDevDatabase(
    dataDir,
    await freePort(),
    SERVICES.map((s) => SERVICE_DATABASES[s]),
    () => {},
  );
  const token = () => randomBytes(24).toString('hex');
  const tokens = { terminal: token(), manager: token(), service: token() };
  const ports = { inventory: await freePort(), payment: await freePort(), 'pos-core': await freePort() } satisfies Record<
    ServiceName,
    number
  >;
  const urls = Object.fromEntries(SERVICES.map((s) => [s, `http://127.0.0.1:${ports[s]}`])) as Record<ServiceName, string>;
  const logFile = join(dataDir, 'services.log');
  const log = createWriteStream(logFile);
  const common: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: options.logLevel,
    POS_SERVICE_TOKEN: tokens.service,
    POS_DEMO_TERMINAL_TOKEN: tokens.terminal,
    POS_DEMO_MANAGER_TOKEN: tokens.manager,
    POS_CORE_INVENTORY_URL: urls.inventory,
    POS_CORE_PAYMENT_URL: urls.payment,
    INVENTORY_SEED_DEMO: 'true',
  };
  const envOf: Record<ServiceName, NodeJS.ProcessEnv> = {
    'pos-core': { POS_CORE_PORT: String(ports['pos-core']), POS_CORE_DATABASE_URL: pg.url(SERVICE_DATABASES['pos-core']) },
    inventory: { INVENTORY_PORT: String(ports.inventory), INVENTORY_DATABASE_URL: pg.url(SERVICE_DATABASES.inventory) },
    payment: { PAYMENT_PORT: String(ports.payment), PAYMENT_DATABASE_URL: pg.url(SERVICE_DATABASES.payment) },
  };
  const children = new Map<ServiceName, ChildProcess>();
  for (const s of SERVICES) {
    const child = spawn(
      process.execPath,
      [...(options.nodeArgs ?? []), '--import', 'tsx', join(REPO_ROOT, 'server', 'src', s, 'main.ts')],
      {
        cwd: join(REPO_ROOT, 'server'),
        env: { ...common, ...envOf[s] },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    children.set(s, child);
  }
  const stop = async () => {
    await Promise.all([...children.values()].map(terminate));
    log.end();
    await pg.stop().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all(SERVICES.map((s) => waitUntilReady(`${urls[s]}/readyz`, 60_000)));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls,
    tokens,
    pids: Object.fromEntries(SERVICES.map((s) => [s, children.get(s)?.pid ?? 0])) as Record<ServiceName, number>,
    databaseUrl: async (database) => {
      await pg.ensureDatabase(database);
      return pg.url(database);
    },
    logFile,
    stop,
  };
}
