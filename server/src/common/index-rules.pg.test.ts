/**
 * Two schema rules for every service, both so that a lookup by key can only use the key's own index,
 * whatever plan PostgreSQL picks.
 *
 * 1. A table that foreign keys point at has no other index whose first column is one of the
 *    referenced key's columns. PostgreSQL checks a foreign key with a cached query (`… WHERE
 *    tenant_id = $1 AND id = $2 FOR KEY SHARE`) whose plan is chosen once per connection, from the
 *    statistics of that moment. On a fresh database (no statistics yet) it may pick an index that
 *    matches only `tenant_id` — and then every inserted child row scans all of the tenant's rows.
 *    The backlog benchmark caught exactly that: `orders (tenant_id, terminal_id, seq)` made each
 *    order line's check O(orders), and a drain of 10,000 sales slowed from 1.2 s to 7.6 s per batch.
 *
 * 2. A table whose primary key leads with tenant_id (the tenant's business ids, looked up all the
 *    time) has no other index leading with tenant_id, unless it is partial (its predicate is not
 *    implied by a lookup by id, so such a lookup cannot use it). Any such index can answer
 *    `tenant_id = $1 AND id = ANY($2)` — by filtering id, or with PostgreSQL 18's skip scan — and a
 *    smaller one looks cheaper than the primary key: `products (tenant_id, version, id)` and then
 *    `(tenant_id, version)` were both chosen, and each product lock of a reservation read the store's
 *    whole catalogue index.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

const SERVICES = ['pos-core', 'inventory', 'payment'] as const;
const databases = new Map<string, TestDatabase>();
beforeAll(async () => {
  for (const service of SERVICES) {
    databases.set(service, await createTestDatabase(`ix_${service}`, fileURLToPath(new URL(`../${service}/migrations`, import.meta.url))));
  }
});
afterAll(() => Promise.all([...databases.values()].map((d) => d.drop())));

const pool = (service: string) => databases.get(service)!.pool;

describe('indexes: a lookup by key can only use the key’s own index', () => {
  for (const service of SERVICES) {
    it(`when ${service}'s migrations ran, then no other index of a referenced table leads with a column of the referenced key`, async () => {
      const referencing = await pool(service).query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`);
      expect(referencing.rows[0]?.n).toBeGreaterThan(0);
      const { rows } = await pool(service).query(
        `SELECT c.conname AS foreign_key, c.confrelid::regclass::text AS referenced, i.indexrelid::regclass::text AS other_index
           FROM pg_constraint c
           JOIN pg_index i ON i.indrelid = c.confrelid AND i.indexrelid <> c.conindid
          WHERE c.contype = 'f' AND i.indkey[0] = ANY (c.confkey)
          ORDER BY 1, 3`,
      );
      expect(rows).toEqual([]);
    });

    it(`when ${service}'s migrations ran, then no other full index leads with tenant_id where the primary key does`, async () => {
      const { rows } = await pool(service).query<{ table_name: string; other_index: string }>(
        `SELECT pk.indrelid::regclass::text AS table_name, i.indexrelid::regclass::text AS other_index
           FROM pg_index pk
           JOIN pg_attribute a ON a.attrelid = pk.indrelid AND a.attnum = pk.indkey[0] AND a.attname = 'tenant_id'
           JOIN pg_index i ON i.indrelid = pk.indrelid AND i.indexrelid <> pk.indexrelid
          WHERE pk.indisprimary AND pk.indnkeyatts > 1 AND i.indkey[0] = pk.indkey[0] AND i.indpred IS NULL
          ORDER BY 1, 2`,
      );
      expect(rows).toEqual([]);
    });
  }
});
