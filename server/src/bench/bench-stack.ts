/**
 * The stack a benchmark runs against, started by the stack launcher: a fresh embedded PostgreSQL in a
 * temporary folder and the three services as separate child processes (as `pnpm start` runs them),
 * each on a free port, with generated credentials; their output goes to a log file. The child pids
 * are exposed so memory can be read from /proc.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchStack } from '../stack/launch-stack.ts';
import { postmasterPid } from './process-cpu.ts';

/** The services the benchmarks drive (the event-bus consumers are not part of them). */
export type ServiceName = 'inventory' | 'payment' | 'pos-core';
const SERVICES: ServiceName[] = ['inventory', 'payment', 'pos-core'];

export interface BenchStack {
  urls: Record<ServiceName, string>;
  tokens: { terminal: string; manager: string; service: string };
  pids: Record<ServiceName, number>;
  /** The embedded PostgreSQL's postmaster (its backends are its children), for CPU accounting; null when unknown. */
  postgresPid: number | null;
  /** URL of a database on the benchmark's PostgreSQL (created if missing). */
  databaseUrl(database: string): Promise<string>;
  /** Where the services' output goes. */
  logFile: string;
  stop(): Promise<void>;
}

export interface BenchStackOptions {
  logLevel: string;
  /** Extra Node flags for the services (e.g. --cpu-prof --cpu-prof-dir=…: a profile per service, written on stop). */
  nodeArgs?: string[];
  /** PostgreSQL server settings over the defaults (statement-census.ts). */
  postgresSettings?: Readonly<Record<string, string>>;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const logDir = mkdtempSync(join(tmpdir(), 'pos-bench-'));
  const logFile = join(logDir, 'services.log');
  const log = createWriteStream(logFile);
  const closeLog = () => new Promise<void>((resolve) => log.end(resolve));
  const stack = await launchStack({
    services: SERVICES,
    logLevel: options.logLevel,
    log: (line) => log.write(`${line}\n`),
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
    ...(options.postgresSettings ? { postgres: { settings: options.postgresSettings } } : {}),
  }).catch(async (error: unknown) => {
    await closeLog();
    throw error;
  });
  return {
    urls: { inventory: stack.urls.inventory, payment: stack.urls.payment, 'pos-core': stack.urls['pos-core'] },
    tokens: stack.tokens,
    pids: Object.fromEntries(SERVICES.map((s) => [s, stack.pid(s) ?? 0])) as Record<ServiceName, number>,
    postgresPid: stack.postgres ? postmasterPid(stack.postgres.dataDir) : null,
    databaseUrl: (database) => stack.ensureDatabase(database),
    logFile,
    stop: async () => {
      await stack.stop();
      await closeLog();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
