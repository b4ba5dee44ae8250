/**
 * The dev stack's PostgreSQL: the embedded one in `<data dir>/pg`, one database per service.
 */
import { join } from 'node:path';
import { type RunningPostgres, startEmbeddedPostgres } from '../common/embedded-postgres.ts';

export const SERVICE_DATABASES = {
  'pos-core': 'pos_core',
  inventory: 'inventory',
  payment: 'payment',
  kitchen: 'kitchen',
  notification: 'notification',
} as const;

export async function startDevDatabase(
  dataDir: string,
  port: number,
  databases: readonly string[],
  log: (line: string) => void,
): Promise<RunningPostgres> {
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, onLog: (line) => line && log(line) });
  for (const db of databases) await pg.ensureDatabase(db);
  return pg;
}
