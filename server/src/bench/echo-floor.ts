/**
 * The echo (echo-main.ts) as the benchmark drives it: started as a child process, then timed the way
 * replays are — the same client (the till's HttpClient over fetch), the same order bodies, one request
 * at a time, in turn with the replays — so `replay p99 ÷ echo p99` says how far a replay is from the
 * machine's floor.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HEADERS } from '@pos/shared/http';
import type { OrderSubmission } from '@pos/shared/order';
import { HttpClient } from '@pos/till-core/api';
import { z } from 'zod';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = fileURLToPath(new URL('./echo-main.ts', import.meta.url));

export interface EchoServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export async function startEcho(options: { databaseUrl: string; logLevel: string }): Promise<EchoServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: SERVER_DIR,
    env: { ...process.env, ECHO_DATABASE_URL: options.databaseUrl, LOG_LEVEL: options.logLevel },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the echo exited during start (code ${code})`)));
    lines.on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** Posts a body to the echo and times the answer, as `replayer` (checkout-load.ts) times a replay. */
export function echoer(url: string): (body: OrderSubmission) => Promise<number> {
  const http = new HttpClient({ baseUrl: url, token: 'bench-echo' });
  return async (body) => {
    const t = performance.now();
    await http.request('POST', '/v1/echo', { schema: z.unknown(), body, headers: { [HEADERS.idempotencyKey]: body.id } });
    return performance.now() - t;
  };
}
