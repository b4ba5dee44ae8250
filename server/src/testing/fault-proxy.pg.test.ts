import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

const emptyMigrations = fileURLToPath(new URL('./fixtures', import.meta.url));

let db: TestDatabase;
let proxy: FaultProxy;
const clients: pg.Client[] = [];

beforeAll(async () => {
  db = await createTestDatabase('fault_proxy', emptyMigrations);
  await db.pool.query('CREATE TABLE work (id text PRIMARY KEY)');
});
afterAll(() => db.drop());

beforeEach(async () => {
  const direct = new URL(db.url);
  proxy = await startFaultProxy({ target: { host: direct.hostname, port: Number(direct.port) } });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.end().catch(() => {})));
  await proxy.close();
});

/** A pg.Client connected through the proxy; connection errors surface on its queries only. */
async function connectViaProxy(options: { connectionTimeoutMillis?: number } = {}): Promise<pg.Client> {
  const url = new URL(db.url);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  const client = new pg.Client({ connectionString: url.toString(), ...options });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

const rowsIn = async (id: string) => (await db.pool.query('SELECT count(*)::int AS n FROM work WHERE id = $1', [id])).rows[0].n;

describe('fault proxy in front of PostgreSQL', () => {
  it('when there is no fault, then queries pass through', async () => {
    const client = await connectViaProxy();
    expect((await client.query('SELECT 41 + 1 AS answer')).rows).toEqual([{ answer: 42 }]);
    expect(proxy.stats()).toMatchObject({ connections: 1, openConnections: 1 });
  });

  it('when partitioned, then the query fails with a connection error, and when healed, then a new client works', async () => {
    const client = await connectViaProxy();
    await client.query('SELECT 1');
    proxy.setFault({ kind: 'partition' });
    await expect(client.query('SELECT 1')).rejects.toThrow(/Connection terminated|not queryable/);
    await expect(connectViaProxy()).rejects.toThrow();
    proxy.setFault({ kind: 'none' });
    const healed = await connectViaProxy();
    expect((await healed.query('SELECT 2 AS n')).rows).toEqual([{ n: 2 }]);
  });

  it('when the reply to a write is dropped, then the client sees the connection die but the row was written', async () => {
    const client = await connectViaProxy();
    proxy.setFault({ kind: 'drop-response' });
    await expect(client.query("INSERT INTO work VALUES ('w1')")).rejects.toThrow(/Connection terminated/);
    expect(await rowsIn('w1')).toBe(1);
    expect(proxy.stats().faultsApplied['drop-response']).toBe(1);
  });

  it('when PostgreSQL is behind a black hole, then connecting times out', async () => {
    proxy.setFault({ kind: 'blackhole' });
    await expect(connectViaProxy({ connectionTimeoutMillis: 300 })).rejects.toThrow(/timeout/i);
    expect(proxy.stats()).toMatchObject({ bytesUp: 0, bytesDown: 0 });
  });
});
