/**
 * The dev stack's PostgreSQL: the embedded one in `<data dir>/pg`, one database per service.
 * A leftover `postmaster.pid` from a process that no longer exists (a killed run) is removed
 * first, so a start after a crash works.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '../common/embedded-postgres.ts';

export const SERVICE_DATABASES = { 'pos-core': 'pos_core', inventory: 'inventory', payment: 'payment' } as const;

function removeStalePidFile(pgDir: string): void {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    rmSync(pidFile, { force: true });
  }
}

export async function startDevDatabase(
  dataDir: string,
  port: number,
  databases: readonly string[],
  log: (line: string) => void,
): Promise<RunningPostgres> {
  const pgDir = join(dataDir, 'pg');
  removeStalePidFile(pgDir);
  const pg = await startEmbeddedPostgres({ dataDir: pgDir, port, onLog: (line) => line && log(line) });
  for (const db of databases) await pg.ensureDatabase(db);
  return pg;
}
