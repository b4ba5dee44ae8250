/**
 * A whole product stack for end-to-end tests, started by the server's stack launcher as `pnpm start`
 * starts it: an embedded PostgreSQL in a temporary folder, the three services and the event-bus
 * consumers (kitchen, notification; on the PostgreSQL transport) as separate processes (so a test can
 * stop, kill and restart one), the local mail server the notification service sends to, and the
 * till's web build served by its own server, and the manager's console (console/dist) by its own.
 * The till prints its receipts to a virtual network ESC/POS printer (a TCP listener that keeps the bytes).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@pos/server/free-port';
import { type DevMailServer, launchStack, type StackService } from '@pos/server/launch-stack';
import { startVirtualPrinter, type VirtualPrinter } from '@pos/till-core/testing/virtual-printer';

export type ServiceName = StackService;

export interface Stack {
  urls: Record<ServiceName | 'till' | 'console', string>;
  tokens: { terminal: string; manager: string; service: string; operator: string };
  /** The local mail server: what the notification service sent. */
  mail: DevMailServer;
  /** The till's receipt printer: what it printed, job by job. */
  printer: VirtualPrinter;
  /** Where the services keep their JSON logs (POS_LOG_DIR): what `pnpm trace --logs` reads. */
  logDir: string;
  /** Stops a service (SIGTERM by default; SIGKILL for a crash). It stays down until startService. */
  stopService(name: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped service again and waits until it is ready. */
  startService(name: ServiceName): Promise<void>;
  stop(): Promise<void>;
}

export async function startStack(options: { log?: (line: string) => void; env?: NodeJS.ProcessEnv } = {}): Promise<Stack> {
  const log = options.log ?? (process.env.E2E_STACK_LOGS ? (line: string) => process.stdout.write(`${line}\n`) : () => {});
  const tillPort = await freePort();
  const tillUrl = `http://127.0.0.1:${tillPort}`;
  const consolePort = await freePort();
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  // The platform operator's credential (creates stores): the tenancy tests make a second store with it.
  const operator = randomBytes(16).toString('hex');
  const logDir = mkdtempSync(join(tmpdir(), 'pos-e2e-logs-'));
  const printer = await startVirtualPrinter();
  const stack = await launchStack({
    corsOrigins: [tillUrl, consoleUrl],
    // At info into files under logDir (the access log and saga lines `pnpm trace` reads), as the dev stack does.
    logLevel: 'info',
    log,
    env: { ...options.env, POS_LOG_DIR: logDir, POS_OPERATOR_TOKEN: operator },
  });
  try {
    await stack.startTill({ entry: 'serve-till', port: tillPort, printer: printer.address });
    await stack.startConsole({ port: consolePort });
  } catch (error) {
    await stack.stop();
    await printer.close();
    throw error;
  }
  return {
    urls: { ...stack.urls, till: tillUrl, console: consoleUrl },
    tokens: { ...stack.tokens, operator },
    mail: stack.mail!,
    printer,
    logDir,
    stopService: (name, signal) => stack.stopService(name, signal),
    startService: (name) => stack.startService(name),
    stop: async () => {
      await stack.stop();
      await printer.close();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
