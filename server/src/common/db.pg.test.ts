/**
 * withTransaction's contract with the statements it carries: a write queued with queryAtCommit runs
 * last, with the COMMIT, after whatever the work sent after queueing it; if it fails, nothing of the
 * transaction is kept and its error is the transaction's; and it cannot be queued outside a transaction.
 * Statements asked for in the same tick still run in the order asked (the client corks them into one write).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { pgErrorCode, queryAtCommit, withTransaction } from './db.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('db_tx');
  await db.pool.query('CREATE TABLE log (n int PRIMARY KEY, said text NOT NULL)');
});
afterAll(() => db.drop());

const rows = async () => (await db.pool.query<{ n: number; said: string }>('SELECT n, said FROM log ORDER BY n')).rows;

describe('withTransaction and queryAtCommit', () => {
  it('when the work queues a write and then writes more, then the queued write runs last and everything commits together', async () => {
    await db.pool.query('TRUNCATE log');
    await withTransaction(db.pool, async (tx) => {
      await tx.query(`INSERT INTO log VALUES (1, 'first')`);
      // Run last: it sees the row written after it was queued.
      queryAtCommit(tx, `INSERT INTO log SELECT 3, 'last, after ' || string_agg(said, '+' ORDER BY n) FROM log`, []);
      await tx.query(`INSERT INTO log VALUES (2, 'second')`);
      expect((await tx.query('SELECT count(*)::int AS c FROM log')).rows[0]?.c).toBe(2);
    });
    expect(await rows()).toEqual([
      { n: 1, said: 'first' },
      { n: 2, said: 'second' },
      { n: 3, said: 'last, after first+second' },
    ]);
  });

  it('when the queued write fails, then nothing of the transaction is kept and its error is thrown', async () => {
    await db.pool.query('TRUNCATE log');
    await db.pool.query(`INSERT INTO log VALUES (7, 'before')`);
    const failed = await withTransaction(db.pool, async (tx) => {
      await tx.query(`INSERT INTO log VALUES (1, 'work')`);
      queryAtCommit(tx, `INSERT INTO log VALUES ($1, 'duplicate')`, [7]);
      return 'done';
    }).catch((error: unknown) => error);
    expect(pgErrorCode(failed)).toBe('23505');
    expect(await rows()).toEqual([{ n: 7, said: 'before' }]);
    // The pool's connections are still good: the next transaction commits.
    await withTransaction(db.pool, async (tx) => {
      await tx.query(`INSERT INTO log VALUES (8, 'after')`);
    });
    expect((await rows()).map((r) => r.n)).toEqual([7, 8]);
  });

  it('when the work throws after queueing a write, then the queued write never runs', async () => {
    await db.pool.query('TRUNCATE log');
    await expect(
      withTransaction(db.pool, async (tx) => {
        queryAtCommit(tx, `INSERT INTO log VALUES (1, 'queued')`, []);
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(await rows()).toEqual([]);
  });

  it('when a write is queued outside withTransaction, then it is refused at once', async () => {
    const client = await db.pool.connect();
    try {
      expect(() => queryAtCommit(client, `INSERT INTO log VALUES (1, 'x')`, [])).toThrow(/not inside withTransaction/);
    } finally {
      client.release();
    }
  });

  it('when many statements are asked for in one tick, then they run in the order asked', async () => {
    await db.pool.query('TRUNCATE log');
    await withTransaction(db.pool, async (tx) => {
      await Promise.all(Array.from({ length: 20 }, (_, i) => tx.query('INSERT INTO log SELECT $1, count(*)::text FROM log', [i])));
    });
    expect((await rows()).map((r) => r.said)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
  });
});
