import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { fingerprintOf, readKey, runIdempotent } from './idempotency.ts';
import type { HttpProblem } from './problem.ts';

const emptyMigrations = fileURLToPath(new URL('../testing/fixtures', import.meta.url));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('idem', emptyMigrations);
  await db.pool.query('CREATE TABLE work (tenant_id text, key text, n int)');
});
afterAll(() => db.drop());

const request = (key: string, body: unknown, tenantId = 't1') => ({ tenantId, key, fingerprint: fingerprintOf(body) });
const doWork =
  (key: string, tenantId = 't1') =>
  async (tx: import('./db.ts').PoolClient) => {
    await tx.query('INSERT INTO work VALUES ($1, $2, 1)', [tenantId, key]);
    return { status: 201, body: { done: key } };
  };
const count = async (key: string) => (await db.pool.query('SELECT count(*)::int AS n FROM work WHERE key = $1', [key])).rows[0].n;

describe('runIdempotent', () => {
  it('when the same key is sent twice, then the work happens once and the second is a replay', async () => {
    const first = await runIdempotent(db.pool, request('k1', { a: 1 }), doWork('k1'));
    const second = await runIdempotent(db.pool, request('k1', { a: 1 }), doWork('k1'));
    expect(first).toMatchObject({ status: 201, body: { done: 'k1' }, replayed: false });
    expect(second).toMatchObject({ status: 201, body: { done: 'k1' }, replayed: true });
    expect(await count('k1')).toBe(1);
  });

  it('when a key is reused with another body, then 422 and nothing changes', async () => {
    await runIdempotent(db.pool, request('k2', { a: 1 }), doWork('k2'));
    await expect(runIdempotent(db.pool, request('k2', { a: 2 }), doWork('k2'))).rejects.toMatchObject({ status: 422 });
    expect(await count('k2')).toBe(1);
  });

  it('when 50 requests with one key race, then the work happens once and the others are 409 or replays', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, () =>
        runIdempotent(db.pool, request('k3', { a: 1 }), async (tx) => {
          await new Promise((r) => setTimeout(r, 20));
          return doWork('k3')(tx);
        }),
      ),
    );
    expect(await count('k3')).toBe(1);
    for (const r of results) {
      if (r.status === 'rejected') expect((r.reason as HttpProblem).status).toBe(409);
    }
    expect(results.filter((r) => r.status === 'fulfilled' && !r.value.replayed)).toHaveLength(1);
  });

  it('when the work fails, then nothing is recorded and a retry does the work', async () => {
    await expect(
      runIdempotent(db.pool, request('k4', {}), async (tx) => {
        await doWork('k4')(tx);
        throw new Error('downstream unavailable');
      }),
    ).rejects.toThrow('downstream unavailable');
    expect(await count('k4')).toBe(0);
    const retry = await runIdempotent(db.pool, request('k4', {}), doWork('k4'));
    expect(retry.replayed).toBe(false);
    expect(await count('k4')).toBe(1);
  });

  it('when two tenants use the same key, then each gets its own work', async () => {
    await runIdempotent(db.pool, request('k5', {}, 'a'), doWork('k5', 'a'));
    const other = await runIdempotent(db.pool, request('k5', {}, 'b'), doWork('k5', 'b'));
    expect(other.replayed).toBe(false);
    expect(await count('k5')).toBe(2);
  });

  it('when a claim was abandoned by a crash, then after its lease another attempt takes it over', async () => {
    await db.pool.query(
      `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, locked_until) VALUES ('t1', 'k6', $1, 'in_flight', now() - interval '1 second')`,
      [fingerprintOf({})],
    );
    const taken = await runIdempotent(db.pool, request('k6', {}), doWork('k6'));
    expect(taken.replayed).toBe(false);
    expect(await count('k6')).toBe(1);
  });

  describe('read first', () => {
    const readFirst = { readFirst: true };
    /** Runs `fn` while another transaction holds the keys table against any write (reads still pass). */
    const withKeysWriteLocked = async <T>(fn: () => Promise<T>): Promise<T> => {
      const blocker = await db.pool.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE idempotency_keys IN EXCLUSIVE MODE');
        return await fn();
      } finally {
        await blocker.query('ROLLBACK');
        blocker.release();
      }
    };

    it('when a completed key comes again, then it is replayed without writing anything', async () => {
      await runIdempotent(db.pool, request('r1', { a: 1 }), doWork('r1'), readFirst);
      const again = await withKeysWriteLocked(() => runIdempotent(db.pool, request('r1', { a: 1 }), doWork('r1'), readFirst));
      expect(again).toMatchObject({ status: 201, body: { done: 'r1' }, replayed: true });
      expect(await count('r1')).toBe(1);
    });

    it('when a completed key comes again with another body, then 422 without writing anything', async () => {
      await runIdempotent(db.pool, request('r2', { a: 1 }), doWork('r2'), readFirst);
      await expect(
        withKeysWriteLocked(() => runIdempotent(db.pool, request('r2', { a: 2 }), doWork('r2'), readFirst)),
      ).rejects.toMatchObject({ status: 422 });
      expect(await count('r2')).toBe(1);
    });

    it('when the key is held by a live claim, then 409 without writing anything', async () => {
      await db.pool.query(
        `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, locked_until) VALUES ('t1', 'r3', $1, 'in_flight', now() + interval '1 minute')`,
        [fingerprintOf({})],
      );
      await expect(withKeysWriteLocked(() => runIdempotent(db.pool, request('r3', {}), doWork('r3'), readFirst))).rejects.toMatchObject({
        status: 409,
      });
      expect(await count('r3')).toBe(0);
    });

    it('when the key is absent or its claim was abandoned, then the work happens once', async () => {
      await db.pool.query(
        `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, locked_until) VALUES ('t1', 'r4', $1, 'in_flight', now() - interval '1 second')`,
        [fingerprintOf({})],
      );
      const taken = await runIdempotent(db.pool, request('r4', {}), doWork('r4'), readFirst);
      const fresh = await runIdempotent(db.pool, request('r5', {}), doWork('r5'), readFirst);
      expect([taken.replayed, fresh.replayed]).toEqual([false, false]);
      expect([await count('r4'), await count('r5')]).toEqual([1, 1]);
    });

    it('when a lookup reads the key with the current answer, then the replay is that answer', async () => {
      await runIdempotent(db.pool, request('r6', {}), doWork('r6'), readFirst);
      const lookup = async () => {
        const key = await readKey(db.pool, 't1', 'r6');
        return key && { key, current: { status: 200, body: { now: 'current' } } };
      };
      const again = await runIdempotent(db.pool, request('r6', {}), doWork('r6'), { readFirst: lookup });
      expect(again).toMatchObject({ status: 200, body: { now: 'current' }, replayed: true });
    });
  });
});
