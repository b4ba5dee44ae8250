/**
 * A lease on one row of a saga table (orders, refunds): who drives that saga now. The row carries
 * `lease_owner`, `lease_until` and `saga_state`; a lease is taken only when free or abandoned (expired,
 * or its owner process stopped beating: service-instance.ts), renewed before every step, and every state
 * change is fenced by it. One implementation for every saga; each saga's file names its table.
 */
import type { Queryable } from './db.ts';
import { claimAbandoned } from './service-instance.ts';

/** The tables whose rows are leased (a constant list: the name goes into SQL). */
export type LeasedTable = 'orders' | 'refunds';

/**
 * SQL (on a row alias such as "d."): the saga is not finished. For orders it is said with `status`
 * (pending ⇔ saga_state <> 'done', a CHECK of the table), the column the due index's predicate names:
 * a step that moves `saga_state` then touches no indexed column, and PostgreSQL can keep the new row
 * version on its page without new index entries (a HOT update).
 */
const unfinished = (table: LeasedTable, alias = '') => (table === 'orders' ? `${alias}status = 'pending'` : `${alias}saga_state <> 'done'`);

/** SQL: the row's lease is free or abandoned, as the owner in parameter `me` sees it (`alias`: e.g. "d."). */
export const leaseFree = (me: string, alias = '') =>
  `(${alias}lease_until IS NULL OR ${claimAbandoned(`${alias}lease_owner`, `${alias}lease_until`, me)})`;

/** Takes the lease of one unfinished saga if nobody holds it. */
export async function acquireRowLease(db: Queryable, table: LeasedTable, tenantId: string, id: string, owner: string, leaseMs: number) {
  const r = await db.query(
    `UPDATE ${table} SET lease_owner = $3, lease_until = now() + make_interval(secs => $4::float8 / 1000)
      WHERE tenant_id = $1 AND id = $2 AND ${unfinished(table)} AND ${leaseFree('$3')}`,
    [tenantId, id, owner, leaseMs],
  );
  return r.rowCount === 1;
}

/** Extends the lease before a step; the columns asked for, or null when the lease was lost or the saga ended. */
export async function renewRowLease<Row extends object>(
  db: Queryable,
  table: LeasedTable,
  returning: string,
  lease: { tenantId: string; id: string; owner: string; leaseMs: number },
): Promise<Row | null> {
  const r = await db.query<Row>(
    `UPDATE ${table} SET lease_until = now() + make_interval(secs => $4::float8 / 1000)
      WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3 AND ${unfinished(table)}
      RETURNING ${returning}`,
    [lease.tenantId, lease.id, lease.owner, lease.leaseMs],
  );
  return r.rows[0] ?? null;
}

/**
 * Leases up to `limit` due sagas (oldest first) that nobody holds: every unfinished one, or those of
 * them the SQL condition `which` picks (on the row alias `d`). The unfinished condition is the due
 * index's predicate, so the index serves the scan. SKIP LOCKED: concurrent workers never wait on each other.
 */
export async function claimDueRows(
  db: Queryable,
  table: LeasedTable,
  owner: string,
  leaseMs: number,
  limit: number,
  which = 'true',
): Promise<{ tenantId: string; id: string }[]> {
  const r = await db.query<{ tenant_id: string; id: string }>(
    `UPDATE ${table} t SET lease_owner = $1, lease_until = now() + make_interval(secs => $2::float8 / 1000)
       FROM (SELECT tenant_id, id FROM ${table} d
              WHERE ${unfinished(table, 'd.')} AND (${which}) AND d.next_attempt_at <= now() AND ${leaseFree('$1', 'd.')}
              ORDER BY d.next_attempt_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
      WHERE t.tenant_id = due.tenant_id AND t.id = due.id
      RETURNING t.tenant_id, t.id`,
    [owner, leaseMs, limit],
  );
  return r.rows.map((x) => ({ tenantId: x.tenant_id, id: x.id }));
}
