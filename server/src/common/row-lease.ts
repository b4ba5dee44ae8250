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

/** SQL: the row's lease is free or abandoned, as the owner in parameter `me` sees it (`alias`: e.g. "d."). */
export const leaseFree = (me: string, alias = '') =>
  `(${alias}lease_until IS NULL OR ${claimAbandoned(`${alias}lease_owner`, `${alias}lease_until`, me)})`;

/** Takes the lease of one unfinished saga if nobody holds it. */
export async function acquireRowLease(db: Queryable, table: LeasedTable, tenantId: string, id: string, owner: string, leaseMs: number) {
  const r = await db.query(
    `UPDATE ${table} SET lease_owner = $3, lease_until = now() + make_interval(secs => $4::float8 / 1000)
      WHERE tenant_id = $1 AND id = $2 AND saga_state <> 'done' AND ${leaseFree('$3')}`,
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
      WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3 AND saga_state <> 'done'
      RETURNING ${returning}`,
    [lease.tenantId, lease.id, lease.owner, lease.leaseMs],
  );
  return r.rows[0] ?? null;
}
