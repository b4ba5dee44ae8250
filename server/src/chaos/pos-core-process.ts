/**
 * POS Core as a child process (pos-core-child-main.ts, started by the stack launcher) on a fixed
 * port, so a test can kill it for real — SIGKILL: no shutdown hook runs, in-flight requests and saga
 * steps are cut wherever they are — and start it again on the same port and database.
 */
import { fileURLToPath } from 'node:url';
import type { PosCoreOptions } from '../pos-core/service.ts';
import { freePort } from '../stack/free-port.ts';
import { createStack, type Stack } from '../stack/launch-stack.ts';
import type { PosCoreChildSpec } from './pos-core-child-main.ts';

const ENTRY = fileURLToPath(new URL('./pos-core-child-main.ts', import.meta.url));

export interface PosCoreProcessSpec extends Pick<PosCoreChildSpec, 'credentials' | 'logFile'> {
  databaseUrl: string;
  options: Omit<PosCoreOptions, 'faults'>;
  /** Default: 'warn' with a log file, otherwise 'silent'. */
  logLevel?: string;
  /** Default: a free port. */
  port?: number;
}

export interface PosCoreProcess {
  readonly url: string;
  readonly running: boolean;
  /** The running process's id (null when not running). */
  readonly pid: number | null;
  /** Starts it (again) and waits until it is ready. */
  start(): Promise<void>;
  /** SIGKILL, and waits until the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (graceful), and waits until the process is gone. */
  stop(): Promise<void>;
}

export async function posCoreProcess(spec: PosCoreProcessSpec): Promise<PosCoreProcess> {
  const port = spec.port ?? (await freePort());
  const { inventoryUrl, paymentUrl, serviceToken, ...options } = spec.options;
  const child: PosCoreChildSpec = { credentials: spec.credentials, options, ...(spec.logFile ? { logFile: spec.logFile } : {}) };
  const stack = createStack({
    services: ['pos-core'],
    databaseUrls: { 'pos-core': spec.databaseUrl },
    ports: { 'pos-core': port },
    urls: { inventory: inventoryUrl, payment: paymentUrl },
    tokens: { service: serviceToken },
    logLevel: spec.logLevel ?? (spec.logFile ? 'warn' : 'silent'),
    entries: { 'pos-core': ENTRY },
    serviceEnv: { 'pos-core': { POS_CHAOS_POS_CORE: JSON.stringify(child) } },
  });
  await stack.prepare();
  return posCoreProcessOf(stack);
}

/** POS Core of a launched stack, as a process a test kills and starts again. */
export function posCoreProcessOf(stack: Stack): PosCoreProcess {
  return {
    url: stack.urls['pos-core'],
    get running() {
      return stack.running('pos-core');
    },
    get pid() {
      return stack.pid('pos-core');
    },
    start: () => stack.startService('pos-core'),
    kill: () => stack.stopService('pos-core', 'SIGKILL'),
    stop: () => stack.stopService('pos-core', 'SIGTERM'),
  };
}
