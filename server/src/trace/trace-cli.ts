/**
 * `pnpm trace <orderId> [--till <bundle.json>] [--logs <folder>]`: prints one sale's timeline across
 * POS Core, Inventory and Payment — from the dev stack's logs under `$POS_DATA_DIR/logs` (or
 * `--logs`) — and, given a till's exported diagnostics bundle, the till's own entries, all in
 * Lamport order (sale-timeline.ts). Exit 1 with a message when nothing can be read; exit 2 when no
 * line names the order.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { diagnosticsBundle, type TillLogEntry } from '@pos/shared/diagnostics';
import { REPO_ROOT } from '../devstack/devstack-config.ts';
import { readServiceLogs } from './read-service-logs.ts';
import { formatTimeline, saleTimeline } from './sale-timeline.ts';

function readTillLog(file: string): TillLogEntry[] {
  const parsed = diagnosticsBundle.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file} is not a till diagnostics bundle: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.log;
}

function main(): number {
  const { values, positionals } = parseArgs({
    options: { till: { type: 'string' }, logs: { type: 'string' } },
    allowPositionals: true,
  });
  const orderId = positionals[0];
  if (!orderId || positionals.length > 1) {
    process.stderr.write('Usage: pnpm trace <orderId> [--till <diagnostics.json>] [--logs <folder>]\n');
    return 1;
  }
  // `pnpm trace` runs in server/: paths given on the command line are the caller's (INIT_CWD).
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const dataDir = resolve(cwd, process.env.POS_DATA_DIR ?? join(REPO_ROOT, '.pos-data'));
  const logs = values.logs ? resolve(cwd, values.logs) : join(dataDir, 'logs');
  try {
    const entries = saleTimeline(orderId, readServiceLogs(logs), values.till ? readTillLog(resolve(cwd, values.till)) : []);
    process.stdout.write(formatTimeline(orderId, entries));
    return entries.length === 0 ? 2 : 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = main();
