/**
 * CLI: serves the manager's console (`pnpm --filter @pos/console serve`; the dev stack and the e2e stack start it).
 *   CONSOLE_PORT            default 4200 (on 127.0.0.1)
 *   CONSOLE_POS_CORE_URL    default http://127.0.0.1:4000
 *   CONSOLE_INVENTORY_URL   default http://127.0.0.1:4001
 * Prints `The console is at <url>` once it listens; exits 1 saying what to do when it is not built.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConsoleServer } from './console-server.ts';

export const DEFAULT_CONSOLE_PORT = 4200;
const DIST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

const raw = process.env.CONSOLE_PORT;
const port = raw === undefined || raw === '' ? DEFAULT_CONSOLE_PORT : Number(raw);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`CONSOLE_PORT must be a port number, got "${raw}"`);
  process.exit(1);
}
try {
  const server = await startConsoleServer({
    port,
    distDir: DIST_DIR,
    config: {
      posCoreUrl: process.env.CONSOLE_POS_CORE_URL ?? 'http://127.0.0.1:4000',
      inventoryUrl: process.env.CONSOLE_INVENTORY_URL ?? 'http://127.0.0.1:4001',
    },
  });
  console.info(`The console is at ${server.url}`);
  const stop = () =>
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
