/**
 * Starting the browser till from the environment (shared by serve-till.ts and open-till.ts):
 *   TILL_PORT            default 4100 (on 127.0.0.1)
 *   TILL_POS_CORE_URL    default http://127.0.0.1:4000
 *   TILL_INVENTORY_URL   default http://127.0.0.1:4001
 *   TILL_TERMINAL_ID     default demo-till-1
 *   TILL_TERMINAL_TOKEN  required
 * Misconfiguration ends the process with exit code 1 and a message saying what to do.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadTillConfig, maskedTillConfig, TillConfigError } from '../src/electron/till-config.cts';
import { DEFAULT_TILL_PORT, DIST_DIR } from './till-paths.ts';
import { startTillServer, type TillServer } from './till-server.ts';

/** TILL_PORT as a port number (default 4100); exits on anything else. */
export function tillPortFromEnv(env: NodeJS.ProcessEnv): number {
  const raw = env.TILL_PORT;
  if (raw === undefined || raw === '') return DEFAULT_TILL_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`TILL_PORT must be a port number, got "${raw}"`);
    process.exit(1);
  }
  return port;
}

/** Starts the browser till from the environment, or exits 1 saying what is missing. */
export async function serveTillFromEnv(env: NodeJS.ProcessEnv): Promise<TillServer> {
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) {
    console.error(`The till is not built (${DIST_DIR} has no index.html): run pnpm --filter @pos/terminal build`);
    process.exit(1);
  }
  let config: ReturnType<typeof loadTillConfig>;
  try {
    config = loadTillConfig(env);
  } catch (error) {
    if (!(error instanceof TillConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const server = await startTillServer({ port: tillPortFromEnv(env), distDir: DIST_DIR, config });
  console.info('till config', maskedTillConfig(config));
  return server;
}

/** Closes the server on SIGINT/SIGTERM and exits 0. */
export function closeOnSignals(server: TillServer): void {
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
