/**
 * Applies SQL migrations in file-name order, each once, each in its own transaction.
 * A session-level advisory lock, held on one connection for the whole run, makes concurrent
 * starts (several instances of a service) safe.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

const COMMON_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const LOCK_ID = 727_001;

function sqlFiles(dir: string): { name: string; sql: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => ({ name, sql: readFileSync(join(dir, name), 'utf8') }));
}

/**
 * Applies the common migrations (idempotency, outbox), then the shared sets the service asks for
 * (each under its own name), then the service's own. Returns what it applied.
 */
export async function migrate(
  pool: pg.Pool,
  serviceMigrationsDir: string,
  shared: readonly { name: string; dir: string }[] = [],
): Promise<string[]> {
  const files = [
    ...sqlFiles(COMMON_MIGRATIONS).map((f) => ({ ...f, name: `common/${f.name}` })),
    ...shared.flatMap((set) => sqlFiles(set.dir).map((f) => ({ ...f, name: `${set.name}/${f.name}` }))),
    ...sqlFiles(serviceMigrationsDir).map((f) => ({ ...f, name: `service/${f.name}` })),
  ];
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name));
    for (const file of files) {
      if (done.has(file.name)) continue;
      try {
        await client.query('BEGIN');
        await client.query(file.sql);
        await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file.name]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file.name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      applied.push(file.name);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_ID]).catch(() => {});
    client.release();
  }
  return applied;
}
