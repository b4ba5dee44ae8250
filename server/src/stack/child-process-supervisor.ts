/**
 * Runs the stack's processes (one per service, and the till): prefixes their output, restarts a
 * process that dies unexpectedly (with a growing delay), and on stop sends SIGTERM, waits, then
 * SIGKILL — so Ctrl-C leaves no process behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Restart when it exits on its own (services: yes; the till window: no). */
  restart: boolean;
  /** Messages the process sends over an IPC channel (`process.send`), opened only when given. */
  onMessage?: (message: unknown) => void;
}

export interface Supervisor {
  /** Runs the process; the answer resolves when this run of it exits (with its code or signal). */
  start(spec: ChildSpec): { exited: Promise<number | string | null> };
  /** The running process's id (null when it is not running). */
  pid(name: string): number | null;
  /** Stops one process (SIGTERM, or `signal`) without restarting it; `start` runs it again. */
  stopOne(name: string, signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
}

const COLORS = [36, 35, 33, 32, 34];

/** `log` gets every output line with the process's name in front (and the name itself, to tell them apart). */
export function createSupervisor(log: (line: string, name: string) => void, onGiveUp: (name: string) => void): Supervisor {
  const running = new Map<string, ChildProcess>();
  /** Processes stopped on purpose: their exit is not a crash to restart. */
  const held = new Set<string>();
  let stopping = false;

  function launch(spec: ChildSpec, index: number, restarts: number): ChildProcess {
    const stdio = spec.onMessage ? (['ignore', 'pipe', 'pipe', 'ipc'] as const) : (['ignore', 'pipe', 'pipe'] as const);
    const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: [...stdio], detached: false });
    running.set(spec.name, child);
    if (spec.onMessage) child.on('message', spec.onMessage);
    const tag = `\x1b[${COLORS[index % COLORS.length]}m${spec.name.padEnd(9)}\x1b[0m│ `;
    for (const stream of [child.stdout, child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => log(tag + line, spec.name));
    }
    child.on('exit', (code, signal) => {
      if (running.get(spec.name) === child) running.delete(spec.name);
      if (stopping || held.has(spec.name)) return;
      log(`${tag}exited (${signal ?? code})`, spec.name);
      if (!spec.restart) return;
      if (restarts >= 5) {
        log(`${tag}gave up after ${restarts} restarts`, spec.name);
        onGiveUp(spec.name);
        return;
      }
      const delay = 500 * 2 ** restarts;
      log(`${tag}restarting in ${delay} ms`, spec.name);
      setTimeout(() => !stopping && !held.has(spec.name) && launch(spec, index, restarts + 1), delay).unref();
    });
    return child;
  }

  function terminate(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    return new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 8_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill(signal);
    });
  }

  const indexes = new Map<string, number>();
  return {
    start(spec) {
      held.delete(spec.name);
      if (!indexes.has(spec.name)) indexes.set(spec.name, indexes.size);
      const child = launch(spec, indexes.get(spec.name) ?? 0, 0);
      return {
        exited: new Promise((resolve) => {
          child.once('exit', (code, signal) => resolve(signal ?? code));
          child.once('error', () => resolve(null));
        }),
      };
    },
    pid: (name) => running.get(name)?.pid ?? null,
    async stopOne(name, signal = 'SIGTERM') {
      held.add(name);
      const child = running.get(name);
      if (child) await terminate(child, signal);
    },
    async stop() {
      stopping = true;
      await Promise.all([...running.values()].map((child) => terminate(child, 'SIGTERM')));
    },
  };
}
