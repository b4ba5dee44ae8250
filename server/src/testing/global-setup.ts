/**
 * Vitest global setup for tests that need PostgreSQL (`*.pg.test.ts`): starts one real embedded
 * PostgreSQL for the whole run in a temporary folder, or uses `POS_TEST_DATABASE_URL` (an admin URL
 * of any PostgreSQL) when set. Each test file then creates its own databases (test-database.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../common/embedded-postgres.ts';
import { freePort } from '../stack/free-port.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.POS_TEST_DATABASE_URL;
  if (external) {
    project.provide('pgAdminUrl', external);
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'pos-test-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  project.provide('pgAdminUrl', pg.url('postgres'));
  return async () => {
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
