/**
 * The stack's embedded PostgreSQL (common/embedded-postgres.ts) in `<data dir>/pg`, with one database
 * per service.
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

export async function startEmbeddedDatabases(
  dataDir: string,
  port: number,
  databases: readonly string[],
  settings?: Readonly<Record<string, string>>,
): Promise<RunningPostgres> {
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port, ...(settings ? { settings } : {}) });
  for (const db of databases) await pg.ensureDatabase(db);
  return pg;
}
