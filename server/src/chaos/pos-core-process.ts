/**
 * Runs POS Core as a child process (pos-core-child-main.ts) on a fixed port, so a test can kill it
 * for real — SIGKILL: no shutdown hook runs, in-flight requests and saga steps are cut wherever they
 * are — and start it again on the same port and database.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitUntilReady } from '../devstack/wait-until-ready.ts';
import { freePort } from '../stack/free-port.ts';
import type { PosCoreChildSpec } from './pos-core-child-main.ts';

const ENTRY = fileURLToPath(new URL('./pos-core-child-main.ts', import.meta.url));
const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));

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

export async function posCoreProcess(spec: Omit<PosCoreChildSpec, 'port'> & { port?: number }): Promise<PosCoreProcess> {
  const port = spec.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let stderr = '';

  const exited = (c: ChildProcess) =>
    c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    const c = child;
    child = null;
    if (!c) return;
    c.kill(signal);
    await exited(c);
  };

  return {
    url,
    get running() {
      return child !== null;
    },
    get pid() {
      return child?.pid ?? null;
    },
    async start() {
      if (child) throw new Error('POS Core is already running');
      stderr = '';
      const c = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
        cwd: SERVER_DIR,
        env: { ...process.env, POS_CHAOS_POS_CORE: JSON.stringify({ ...spec, port }) },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      c.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-4_000);
      });
      child = c;
      const died = exited(c).then(() => {
        throw new Error(`POS Core exited during start (${c.exitCode ?? c.signalCode}): ${stderr}`);
      });
      await Promise.race([waitUntilReady(`${url}/readyz`, 60_000), died]);
      died.catch(() => {});
    },
    kill: () => end('SIGKILL'),
    stop: () => end('SIGTERM'),
  };
}
