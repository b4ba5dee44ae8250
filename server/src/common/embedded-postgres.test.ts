/**
 * The embedded PostgreSQL started the way a new user starts it: as root (the usual case in a
 * container), from a clone inside a private folder (mode 700, like a home directory), with the
 * default and a chosen data folder. PostgreSQL refuses to run as root, so it runs as the `postgres`
 * account, which cannot enter that folder: the binaries and the data must be made reachable.
 */
import { chmodSync, cpSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../stack/free-port.ts';
import { EmbeddedPostgresError, packagedBinaries, type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres.ts';
import { POSTGRES_ACCOUNT, postgresAccount } from './postgres-account.ts';

const asRoot = process.getuid?.() === 0;

async function query(running: RunningPostgres, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: running.url('postgres') });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Only root runs PostgreSQL under another account (`postgres`), which must be able to reach the binaries
 * and the data: that is this suite. CI and containers run as root, so there it always runs; any other
 * user gets the suite after it instead, which checks that nothing is switched or relocated for them.
 */
const asRootSuite = () => {
  let home: string;
  let binaries: { dir: string; version: string };
  const relocated: string[] = [];

  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'pos-private-home-'));
    chmodSync(home, 0o700);
    // The binaries as a clone's node_modules holds them: inside the private folder.
    binaries = { dir: join(home, 'repo', 'node_modules', 'native'), version: `test-${process.pid}` };
    cpSync(packagedBinaries().dir, binaries.dir, { recursive: true, verbatimSymlinks: true });
  });

  afterAll(() => {
    rmSync(home, { recursive: true, force: true });
    for (const dir of relocated) rmSync(dir, { recursive: true, force: true });
  });

  it('starts, keeps its data in a folder the postgres account may reach, and finds it again on a second start', async () => {
    const requested = join(home, 'repo', '.pos-data', 'pg');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir: requested, port, binaries });
    relocated.push(first.dataDir, first.binariesDir);
    try {
      expect(first.runsAs).toBe(POSTGRES_ACCOUNT);
      expect(first.binariesDir).not.toContain(home);
      expect(first.relocatedBecause).toContain(home);
      expect(lstatSync(requested).isSymbolicLink()).toBe(true);
      expect(readlinkSync(requested)).toBe(first.dataDir);
      expect(statSync(first.dataDir).uid).toBe(postgresAccount().uid);
      const whoami = await query(first, 'SELECT current_setting($$data_directory$$) AS dir, session_user AS who');
      expect(whoami.rows[0]).toEqual({ dir: first.dataDir, who: 'postgres' });
      await query(first, 'CREATE TABLE kept (v text); INSERT INTO kept VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }

    const second = await startEmbeddedPostgres({ dataDir: requested, port, binaries });
    try {
      expect(second.dataDir).toBe(first.dataDir);
      expect((await query(second, 'SELECT v FROM kept')).rows).toEqual([{ v: 'still here' }]);
    } finally {
      await second.stop();
    }
  });

  it('uses a chosen data folder that is reachable as it is, owned by the postgres account', async () => {
    const open = mkdtempSync(join(tmpdir(), 'pos-open-data-'));
    chmodSync(open, 0o755);
    relocated.push(open);
    const running = await startEmbeddedPostgres({ dataDir: join(open, 'pg'), port: await freePort(), binaries });
    try {
      expect(running.dataDir).toBe(join(open, 'pg'));
      expect(running.relocatedBecause).toBeUndefined();
      expect((await query(running, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await running.stop();
    }
  });

  it('refuses data it cannot reach in one sentence that names the folder and what to do', async () => {
    // Data already inside the private folder cannot be moved aside without risking it.
    const kept = join(home, 'repo', 'kept-data');
    mkdirSync(kept, { recursive: true });
    writeFileSync(join(kept, 'PG_VERSION'), '18\n');
    const started = Date.now();
    const attempt = startEmbeddedPostgres({ dataDir: kept, port: await freePort(), binaries });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(attempt).rejects.toThrow(new RegExp(`cannot enter ${home}.*POS_DATA_DIR`));
    expect(Date.now() - started).toBeLessThan(5_000);
  });
};

const asUserSuite = () => {
  it('runs PostgreSQL as this user in the requested data folder, with nothing copied or relocated', async () => {
    const open = mkdtempSync(join(tmpdir(), 'pos-user-data-'));
    const requested = join(open, 'pg');
    const running = await startEmbeddedPostgres({ dataDir: requested, port: await freePort() });
    try {
      expect(running.runsAs).toBe('this user');
      expect(running.dataDir).toBe(requested);
      expect(running.relocatedBecause).toBeUndefined();
      expect(running.binariesDir).toBe(packagedBinaries().dir);
      expect((await query(running, 'SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await running.stop();
      rmSync(open, { recursive: true, force: true });
    }
  });
};

if (asRoot) describe('as root, from a clone inside a folder with mode 700', asRootSuite);
else describe('as a user other than root', asUserSuite);

describe('failures say what to do', () => {
  let blocker: Server;
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    port = await freePort();
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    dataDir = mkdtempSync(join(tmpdir(), 'pos-port-taken-'));
    chmodSync(dataDir, 0o755);
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => blocker.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('names the port in use, within seconds', async () => {
    const started = Date.now();
    const attempt = startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port });
    await expect(attempt).rejects.toBeInstanceOf(EmbeddedPostgresError);
    await expect(attempt).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
