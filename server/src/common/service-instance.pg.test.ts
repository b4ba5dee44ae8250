/**
 * A process's heartbeat row (service-instance.ts): it beats while the process lives, goes on a
 * graceful stop, and a clean-up that fails (the database unreachable) is retried on the heartbeats
 * until it succeeds.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { createLogger } from './logger.ts';
import { HEARTBEAT_MS, startServiceInstance } from './service-instance.ts';

const emptyMigrations = fileURLToPath(new URL('../testing/fixtures', import.meta.url));

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('instance', emptyMigrations);
});
afterAll(() => db.drop());

const start = () => startServiceInstance({ service: 'test', databaseUrl: db.url, logger: createLogger('test', 'silent') });
const heartbeatOf = async (id: string) =>
  (await db.pool.query<{ at: Date }>('SELECT heartbeat_at AS at FROM service_instances WHERE id = $1', [id])).rows[0]?.at ?? null;

describe('a service instance', () => {
  it('when it runs, then its row is beaten every heartbeat; when it stops gracefully, then the row is gone', async () => {
    const instance = await start();
    const first = await heartbeatOf(instance.id);
    expect(first).not.toBeNull();
    await waitUntil(
      async () => ((await heartbeatOf(instance.id))?.getTime() ?? 0) > first!.getTime(),
      'the next heartbeat',
      HEARTBEAT_MS * 3,
    );
    await instance.stop();
    expect(await heartbeatOf(instance.id)).toBeNull();
  });

  it('when a clean-up fails, then it is retried on the heartbeats until it succeeds, and never again after', async () => {
    const instance = await start();
    let attempts = 0;
    const first = await instance.cleanUp('flaky release', async () => {
      attempts += 1;
      if (attempts < 3) throw new Error('database unreachable');
    });
    expect(first).toBeUndefined(); // resolves after the first attempt, failed or not
    expect(attempts).toBe(1);
    await waitUntil(async () => attempts === 3, 'two more attempts on the heartbeats', HEARTBEAT_MS * 5);
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 2));
    expect(attempts).toBe(3);
    await instance.stop();
  });
});
