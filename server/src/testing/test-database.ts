/**
 * A fresh, migrated database per test file, on the run's PostgreSQL (see global-setup.ts). Outside
 * vitest (the chaos soak CLI), `POS_TEST_DATABASE_URL` names the admin URL instead.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool, type Pool } from '../common/db.ts';
import { migrate } from '../common/migrate.ts';

export interface TestDatabase {
  url: string;
  pool: Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix: string, migrationsDir?: string): Promise<TestDatabase> {
  const adminUrl = process.env.POS_TEST_DATABASE_URL ?? inject('pgAdminUrl');
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const pool = createPool({ connectionString: url.toString(), max: 20, applicationName: `test-${prefix}` });
  if (migrationsDir) await migrate(pool, migrationsDir);
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}
