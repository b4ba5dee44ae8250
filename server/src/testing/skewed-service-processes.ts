/**
 * For tests: POS Core, Inventory (demo store seeded) and Payment as real processes — as in production
 * and the dev stack — each on a fresh database of the run's PostgreSQL, each with its wall clock
 * skewed by whole hours through libfaketime (LD_PRELOAD; monotonic clocks left alone, so timers behave),
 * logging at info into `logDir` (POS_LOG_DIR, as the dev stack does). `env` reaches all three
 * (e.g. OTEL_EXPORTER_OTLP_ENDPOINT).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { waitUntilReady } from '../devstack/wait-until-ready.ts';
import { freePort } from './free-port.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

export type SkewedService = 'pos-core' | 'inventory' | 'payment';

export interface SkewedProcessesOptions {
  /** Wall-clock offset of each service, in hours (default 0). */
  skewHours: Partial<Record<SkewedService, number>>;
  logDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface SkewedProcesses {
  urls: Record<SkewedService, string>;
  tokens: { service: string; terminal: string; manager: string };
  stop(): Promise<void>;
}

const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve()));

export async function startSkewedProcesses(options: SkewedProcessesOptions): Promise<SkewedProcesses> {
  if (!existsSync(LIBFAKETIME)) throw new Error(`libfaketime is missing (${LIBFAKETIME}): apt-get install -y faketime`);
  const token = () => randomBytes(16).toString('hex');
  const tokens = { service: token(), terminal: token(), manager: token() };
  const [pcPort, invPort, payPort] = [await freePort(), await freePort(), await freePort()];
  const urls = {
    'pos-core': `http://127.0.0.1:${pcPort}`,
    inventory: `http://127.0.0.1:${invPort}`,
    payment: `http://127.0.0.1:${payPort}`,
  };
  const databases: TestDatabase[] = [];
  const database = async (name: string) => {
    const db = await createTestDatabase(name);
    databases.push(db);
    return db.url;
  };
  const ownEnv: Record<SkewedService, NodeJS.ProcessEnv> = {
    'pos-core': {
      POS_CORE_PORT: String(pcPort),
      POS_CORE_DATABASE_URL: await database('skew_pos_core'),
      POS_CORE_INVENTORY_URL: urls.inventory,
      POS_CORE_PAYMENT_URL: urls.payment,
    },
    inventory: { INVENTORY_PORT: String(invPort), INVENTORY_DATABASE_URL: await database('skew_inventory'), INVENTORY_SEED_DEMO: 'true' },
    payment: { PAYMENT_PORT: String(payPort), PAYMENT_DATABASE_URL: await database('skew_payment') },
  };
  const children: ChildProcess[] = [];
  const start = async (service: SkewedService) => {
    const hours = options.skewHours[service] ?? 0;
    const skew: NodeJS.ProcessEnv = hours
      ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: `${hours > 0 ? '+' : ''}${hours}h`, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
      : {};
    let stderr = '';
    const child = spawn(process.execPath, ['--import', 'tsx', `src/${service}/main.ts`], {
      cwd: SERVER_DIR,
      env: {
        ...process.env,
        ...options.env,
        ...ownEnv[service],
        ...skew,
        LOG_LEVEL: 'info',
        POS_LOG_DIR: options.logDir,
        POS_SERVICE_TOKEN: tokens.service,
        POS_DEMO_TERMINAL_TOKEN: tokens.terminal,
        POS_DEMO_MANAGER_TOKEN: tokens.manager,
        POS_INTROSPECTION_URL: urls['pos-core'],
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    children.push(child);
    const died = exited(child).then(() => {
      throw new Error(`${service} exited during start (${child.exitCode ?? child.signalCode}): ${stderr}`);
    });
    await Promise.race([waitUntilReady(`${urls[service]}/readyz`, 60_000), died]);
    died.catch(() => {});
  };
  const stop = async () => {
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map(exited));
    await Promise.all(databases.map((d) => d.drop()));
  };
  try {
    await Promise.all([start('inventory'), start('payment')]);
    await start('pos-core');
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, tokens, stop };
}
