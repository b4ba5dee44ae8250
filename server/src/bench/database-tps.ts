/**
 * The machine's limit: how many single-row UPDATE transactions per second the benchmark's PostgreSQL
 * sustains (N connections, each `UPDATE counter SET n = n + 1 WHERE id = <random of 100>` in
 * autocommit, as a prepared statement). The drain is reported against it: orders per second per
 * database transaction per second.
 */
import pg from 'pg';

export interface TpsResult {
  connections: number;
  seconds: number;
  transactions: number;
  tps: number;
}

export async function measureDatabaseTps(url: string, connections: number, seconds: number): Promise<TpsResult> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query('CREATE TABLE IF NOT EXISTS counter (id int PRIMARY KEY, n bigint NOT NULL)');
  await setup.query('INSERT INTO counter SELECT g, 0 FROM generate_series(1, 100) g ON CONFLICT DO NOTHING');
  await setup.end();

  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  let transactions = 0;
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < deadline) {
        await c.query({ name: 'bump', text: 'UPDATE counter SET n = n + 1 WHERE id = $1', values: [1 + Math.floor(Math.random() * 100)] });
        transactions += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  await Promise.all(clients.map((c) => c.end()));
  return { connections, seconds: elapsed, transactions, tps: transactions / elapsed };
}
