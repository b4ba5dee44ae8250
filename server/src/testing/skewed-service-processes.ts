/**
 * For tests: POS Core, Inventory (demo store seeded) and Payment as real processes, started by the
 * stack launcher as the dev stack starts them, each on a fresh database of the run's PostgreSQL, each
 * with its wall clock skewed by whole hours through libfaketime (LD_PRELOAD; monotonic clocks left
 * alone, so timers behave), logging at info into `logDir` (POS_LOG_DIR, as the dev stack does).
 * `env` reaches all three (e.g. OTEL_EXPORTER_OTLP_ENDPOINT).
 */
import { existsSync } from 'node:fs';
import { launchStack, type StackTokens } from '../stack/launch-stack.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

/** Installed by server/scripts/ensure-test-packages.sh (part of the test command). */
export const LIBFAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1';

export type SkewedService = 'pos-core' | 'inventory' | 'payment';
const SERVICES: readonly SkewedService[] = ['pos-core', 'inventory', 'payment'];

export interface SkewedProcessesOptions {
  /** Wall-clock offset of each service, in hours (default 0). */
  skewHours: Partial<Record<SkewedService, number>>;
  logDir: string;
  env?: NodeJS.ProcessEnv;
}

export interface SkewedProcesses {
  urls: Record<SkewedService, string>;
  tokens: StackTokens;
  stop(): Promise<void>;
}

/** The environment that shifts one process's wall clock by `hours` (none for 0). */
function skewEnv(hours: number): NodeJS.ProcessEnv {
  return hours ? { LD_PRELOAD: LIBFAKETIME, FAKETIME: `${hours > 0 ? '+' : ''}${hours}h`, FAKETIME_DONT_FAKE_MONOTONIC: '1' } : {};
}

export async function startSkewedProcesses(options: SkewedProcessesOptions): Promise<SkewedProcesses> {
  if (!existsSync(LIBFAKETIME)) throw new Error(`libfaketime is missing (${LIBFAKETIME}): bash server/scripts/ensure-test-packages.sh`);
  const databases: TestDatabase[] = [];
  const databaseUrls: Partial<Record<SkewedService, string>> = {};
  for (const service of SERVICES) {
    const db = await createTestDatabase(`skew_${service.replace('-', '_')}`);
    databases.push(db);
    databaseUrls[service] = db.url;
  }
  const dropDatabases = () => Promise.all(databases.map((d) => d.drop()));
  try {
    const stack = await launchStack({
      services: SERVICES,
      databaseUrls,
      logLevel: 'info',
      env: { ...options.env, POS_LOG_DIR: options.logDir },
      serviceEnv: Object.fromEntries(SERVICES.map((s) => [s, skewEnv(options.skewHours[s] ?? 0)])),
    });
    return {
      urls: { 'pos-core': stack.urls['pos-core'], inventory: stack.urls.inventory, payment: stack.urls.payment },
      tokens: stack.tokens,
      stop: async () => {
        await stack.stop();
        await dropDatabases();
      },
    };
  } catch (error) {
    await dropDatabases();
    throw error;
  }
}
