import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { Pool } from './db.ts';
import { fingerprintOf, readKey, runIdempotent } from './idempotency.ts';
import { createLogger } from './logger.ts';
import type { HttpProblem } from './problem.ts';
import { DEAD_AFTER_MS, HEARTBEAT_MS, type ServiceInstance, startServiceInstance } from './service-instance.ts';

const emptyMigrations = fileURLToPath(new URL('../testing/fixtures', import.meta.url));

let db: TestDatabase;
/** The process running these requests, and another live process of the same service. */
let me: ServiceInstance;
let other: ServiceInstance;
const startInstance = () => startServiceInstance({ service: 'test', databaseUrl: db.url, logger: createLogger('test', 'silent') });
beforeAll(async () => {
  db = await createTestDatabase('idem', emptyMigrations);
  await db.pool.query('CREATE TABLE work (tenant_id text, key text, n int)');
  me = await startInstance();
  other = await startInstance();
});
afterAll(async () => {
  await me?.stop();
  await other?.stop();
  await db.drop();
});

const request = (key: string, body: unknown, tenantId = 't1') => ({ tenantId, key, fingerprint: fingerprintOf(body), owner: me });
/** A claim of `key` (body {}) as a request of `owner` leaves it while it works, its lease running for `leaseSql`. */
const inFlightClaim = (key: string, owner: string | null, leaseSql = `interval '1 minute'`) =>
  db.pool.query(
    `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, locked_until, owner) VALUES ('t1', $1, $2, 'in_flight', now() + ${leaseSql}, $3)`,
    [key, fingerprintOf({}), owner],
  );
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
      await inFlightClaim('r3', other.id);
      await expect(withKeysWriteLocked(() => runIdempotent(db.pool, request('r3', {}), doWork('r3'), readFirst))).rejects.toMatchObject({
        status: 409,
      });
      expect(await count('r3')).toBe(0);
    });

    it('when the key is absent or its claim was abandoned, then the work happens once', async () => {
      await inFlightClaim('r4', other.id, `- interval '1 second'`);
      const taken = await runIdempotent(db.pool, request('r4', {}), doWork('r4'), readFirst);
      const fresh = await runIdempotent(db.pool, request('r5', {}), doWork('r5'), readFirst);
      expect([taken.replayed, fresh.replayed]).toEqual([false, false]);
      expect([await count('r4'), await count('r5')]).toEqual([1, 1]);
    });

    it('when a lookup reads the key with the current answer, then the replay is that answer', async () => {
      await runIdempotent(db.pool, request('r6', {}), doWork('r6'), readFirst);
      const lookup = async () => {
        const key = await readKey(db.pool, 't1', 'r6', me);
        return key && { key, current: { status: 200, body: { now: 'current' } } };
      };
      const again = await runIdempotent(db.pool, request('r6', {}), doWork('r6'), { readFirst: lookup });
      expect(again).toMatchObject({ status: 200, body: { now: 'current' }, replayed: true });
    });
  });
});

describe('claims of a process that died', () => {
  it('when the process holding a claim is killed, then a retry takes the key over within seconds, long before its lease runs out', async () => {
    // A process that has just beaten and is then SIGKILLed: its row stays, nothing beats it any more.
    const doomed = 'test/doomed/1@here';
    await db.pool.query('INSERT INTO service_instances (id) VALUES ($1)', [doomed]);
    const killedAt = Date.now();
    await inFlightClaim('d1', doomed);
    await expect(runIdempotent(db.pool, request('d1', {}), doWork('d1'))).rejects.toMatchObject({ status: 409 });
    let answer: Awaited<ReturnType<typeof runIdempotent>> | null = null;
    while (!answer) {
      answer = await runIdempotent(db.pool, request('d1', {}), doWork('d1')).catch((error: HttpProblem) => {
        expect(error.status).toBe(409);
        return null;
      });
      if (!answer) await new Promise((r) => setTimeout(r, 100));
    }
    const tookMs = Date.now() - killedAt;
    expect(answer.replayed).toBe(false);
    expect(await count('d1')).toBe(1);
    // Taken over once the owner missed its heartbeats (DEAD_AFTER_MS after its last one), not when the claim's minute ends.
    expect(tookMs).toBeGreaterThanOrEqual(DEAD_AFTER_MS - 500);
    expect(tookMs).toBeLessThanOrEqual(DEAD_AFTER_MS + 2_000);
  }, 20_000);

  it('when a live process holds a claim, then it stays in flight (409) for as long as the process beats', async () => {
    await inFlightClaim('d2', other.id);
    await new Promise((r) => setTimeout(r, DEAD_AFTER_MS + HEARTBEAT_MS));
    await expect(runIdempotent(db.pool, request('d2', {}), doWork('d2'))).rejects.toMatchObject({ status: 409 });
    expect(await count('d2')).toBe(0);
  }, 20_000);

  it('when a claim names no process that ever ran, then it is abandoned at once', async () => {
    await inFlightClaim('d3', 'pos-core/gone/1@nowhere');
    expect(await runIdempotent(db.pool, request('d3', {}), doWork('d3'))).toMatchObject({ replayed: false });
  });

  it('when a claim has no owner recorded (written before owners were), then only its lease protects it', async () => {
    await inFlightClaim('d4', null);
    await expect(runIdempotent(db.pool, request('d4', {}), doWork('d4'))).rejects.toMatchObject({ status: 409 });
  });

  it('when a claim was written but its answer was lost (the connection died), then the attempt gives it back and a retry is not answered 409', async () => {
    const losing = {
      query: async (text: string, values: unknown[]) => {
        const result = await db.pool.query(text, values);
        if (text.includes('INSERT INTO idempotency_keys')) throw new Error('Connection terminated unexpectedly');
        return result;
      },
      connect: () => db.pool.connect(),
    } as unknown as Pool;
    await expect(runIdempotent(losing, request('l1', {}), doWork('l1'))).rejects.toThrow('Connection terminated');
    expect(await readKey(db.pool, 't1', 'l1', me)).toBeNull();
    expect(await runIdempotent(db.pool, request('l1', {}), doWork('l1'))).toMatchObject({ replayed: false });
    expect(await count('l1')).toBe(1);
  });

  it('when a process stops gracefully, then its claims are free at once', async () => {
    const leaving = await startInstance();
    await inFlightClaim('d5', leaving.id);
    await leaving.stop();
    expect(await runIdempotent(db.pool, request('d5', {}), doWork('d5'))).toMatchObject({ replayed: false });
  });
});

describe('runIdempotent with the claim taken with the work (claimWithWork, saga steps)', () => {
  const withWork = { claimWithWork: true };

  it('when 30 identical calls race on one key, then the work happens once and every other call replays its answer', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => runIdempotent(db.pool, request('w1', {}), doWork('w1'), withWork)));
    expect(await count('w1')).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    for (const a of answers) expect(a).toMatchObject({ status: 201, body: { done: 'w1' } });
  });

  it('when the key was completed with another body, then 422 and the work is rolled back', async () => {
    await runIdempotent(db.pool, request('w2', { a: 1 }), doWork('w2'), withWork);
    await expect(runIdempotent(db.pool, request('w2', { a: 2 }), doWork('w2'), withWork)).rejects.toMatchObject({ status: 422 });
    expect(await count('w2')).toBe(1);
  });

  it('when the key is held in flight by a live claim, then 409 and the work is rolled back', async () => {
    await inFlightClaim('w3', other.id);
    await expect(runIdempotent(db.pool, request('w3', {}), doWork('w3'), withWork)).rejects.toMatchObject({ status: 409 });
    expect(await count('w3')).toBe(0);
  });

  it('when the key is held by an abandoned claim, then the call takes it over: the work happens once and the key is completed', async () => {
    await inFlightClaim('w4', 'pos-core/gone/1@nowhere');
    expect(await runIdempotent(db.pool, request('w4', {}), doWork('w4'), withWork)).toMatchObject({ replayed: false, status: 201 });
    expect(await count('w4')).toBe(1);
    expect(await readKey(db.pool, 't1', 'w4', me)).toMatchObject({ state: 'completed', answer: { status: 201, body: { done: 'w4' } } });
    expect(await runIdempotent(db.pool, request('w4', {}), doWork('w4'), withWork)).toMatchObject({ replayed: true });
    expect(await count('w4')).toBe(1);
  });

  it('when the work fails, then nothing is recorded, no key is left and a retry does the work', async () => {
    await expect(
      runIdempotent(
        db.pool,
        request('w5', {}),
        async (tx) => {
          await doWork('w5')(tx);
          throw new Error('work failed');
        },
        withWork,
      ),
    ).rejects.toThrow('work failed');
    expect(await count('w5')).toBe(0);
    expect(await readKey(db.pool, 't1', 'w5', me)).toBeNull();
    expect(await runIdempotent(db.pool, request('w5', {}), doWork('w5'), withWork)).toMatchObject({ replayed: false });
    expect(await count('w5')).toBe(1);
  });
});
