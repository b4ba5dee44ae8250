/**
 * A schema rule for every service: a table that foreign keys point at has no other index whose
 * first column is one of the referenced key's columns.
 *
 * Why: PostgreSQL checks a foreign key with a cached query (`… WHERE tenant_id = $1 AND id = $2 FOR
 * KEY SHARE`) whose generic plan is chosen once per connection, from the statistics of that moment.
 * On a fresh database (no statistics yet) it may pick an index that matches only `tenant_id` — and
 * then every inserted child row scans all of the tenant's rows. The backlog benchmark caught exactly
 * that: `orders (tenant_id, terminal_id, seq)` made each order line's check O(orders), so a drain of
 * 10,000 sales slowed batch after batch (1.2 s → 7.6 s per 500). Leading such indexes with another
 * column leaves the referenced key the only index the check can use.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';

const SERVICES = ['pos-core', 'inventory', 'payment'] as const;
const created: TestDatabase[] = [];
afterAll(() => Promise.all(created.map((d) => d.drop())));

describe('indexes of tables that foreign keys reference', () => {
  for (const service of SERVICES) {
    it(`when ${service}'s migrations ran, then no other index of a referenced table leads with a column of the referenced key`, async () => {
      const db = await createTestDatabase(`fk_${service}`, fileURLToPath(new URL(`../${service}/migrations`, import.meta.url)));
      created.push(db);
      const { rows } = await db.pool.query<{ foreign_key: string; referenced: string; other_index: string }>(
        `SELECT c.conname AS foreign_key, c.confrelid::regclass::text AS referenced, i.indexrelid::regclass::text AS other_index
           FROM pg_constraint c
           JOIN pg_index i ON i.indrelid = c.confrelid AND i.indexrelid <> c.conindid
          WHERE c.contype = 'f' AND i.indkey[0] = ANY (c.confkey)
          ORDER BY 1, 3`,
      );
      const referencing = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_constraint WHERE contype = 'f'`);
      expect(referencing.rows[0]?.n).toBeGreaterThan(0);
      expect(rows).toEqual([]);
    });
  }
});
