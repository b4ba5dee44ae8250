/**
 * The README's start command as a newcomer runs it: `pnpm start`'s dev stack (embedded
 * PostgreSQL, the three services, the till) as one child process, its output kept line by line.
 * Resolves once the last line says where the till is; `stop` sends Ctrl-C's SIGINT and waits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const TILL_LINE = /^Open the till: (http:\/\/\S+)$/;

export interface StartedCommand {
  /** Every line printed so far (stdout and stderr), colours removed. */
  lines: string[];
  tillUrl: string;
  /** SIGINT, as Ctrl-C; resolves with the exit code. */
  stop(): Promise<number | null>;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

export async function runStartCommand(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<StartedCommand> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/devstack/main.ts', '--with-till'], {
    cwd: resolve(REPO, 'server'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const tillUrl = await new Promise<string>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`no till line within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (raw) => {
        // biome-ignore lint/suspicious/noControlCharactersInRegex: the supervisor colours process names.
        const line = raw.replace(/\x1b\[[0-9;]*m/g, '');
        lines.push(line);
        const match = TILL_LINE.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          found(match[1]);
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`the start command exited (${code}) before the till was served:\n${lines.join('\n')}`));
    });
  });
  return {
    lines,
    tillUrl,
    stop: () => {
      const done = exited(child);
      child.kill('SIGINT');
      return done;
    },
  };
}
