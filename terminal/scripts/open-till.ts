/**
 * CLI: opens the till. With an Electron binary installed it starts the desktop till
 * (dist-electron/electron/main.cjs, the same TILL_* environment); without one — e.g. where the
 * Electron download is blocked — it serves the browser till and says where it is.
 *
 * Started by the dev stack with an IPC channel, it reports once the till can be used:
 * `{ till: 'window' }` when the Electron window is starting, `{ till: 'served', url }` when the
 * browser till answers — so the stack's last line of output is where to sell.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { electronBinary } from './electron-binary.ts';
import { closeOnSignals, serveTillFromEnv } from './serve-till-from-env.ts';
import { DIST_DIR, ELECTRON_MAIN, TERMINAL_DIR } from './till-paths.ts';

function openElectronTill(binary: string): void {
  for (const [built, how] of [
    [path.join(DIST_DIR, 'index.html'), 'pnpm --filter @pos/terminal build'],
    [ELECTRON_MAIN, 'pnpm --filter @pos/terminal build:electron'],
  ] as const) {
    if (!existsSync(built)) {
      console.error(`The till is not built (${built} is missing): run ${how}`);
      process.exit(1);
    }
  }
  const child = spawn(binary, [ELECTRON_MAIN], { cwd: TERMINAL_DIR, env: process.env, stdio: 'inherit' });
  child.once('spawn', () => process.send?.({ till: 'window' }));
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

const binary = electronBinary();
if (binary) {
  openElectronTill(binary);
} else {
  const server = await serveTillFromEnv(process.env);
  console.info(`Electron is not installed here; the till is served at ${server.url}`);
  process.send?.({ till: 'served', url: server.url });
  closeOnSignals(server);
}
