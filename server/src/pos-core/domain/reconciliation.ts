/**
 * `GET /v1/terminals/:id/reconciliation`: the server's view of a till (G6). A till numbers its
 * records of every kind 1, 2, 3…, so every number below the highest one received (of any kind:
 * received-seqs.ts) that is missing is a record the server has not seen: `gaps` lists them as ranges.
 * Counts and totals are of orders.
 */
import type { OrderStatus } from '@pos/shared/order';
import type { Reconciliation } from '@pos/shared/reconciliation';
import type { Queryable } from '../../common/db.ts';
import { RECEIVED_SEQS } from './received-seqs.ts';

export async function reconcileTerminal(db: Queryable, tenantId: string, terminalId: string): Promise<Reconciliation> {
  const [gaps, last, byStatus] = await Promise.all([
    db.query<{ from: number; to: number }>(
      `SELECT prev + 1 AS "from", seq - 1 AS "to"
         FROM (SELECT seq, COALESCE(lag(seq) OVER (ORDER BY seq), 0) AS prev FROM (${RECEIVED_SEQS}) r
                WHERE tenant_id = $1 AND terminal_id = $2) s
        WHERE seq - prev > 1 ORDER BY seq`,
      [tenantId, terminalId],
    ),
    db.query<{ last_seq: number | null }>(
      `SELECT max(seq)::bigint AS last_seq FROM (${RECEIVED_SEQS}) r WHERE tenant_id = $1 AND terminal_id = $2`,
      [tenantId, terminalId],
    ),
    db.query<{ status: OrderStatus; n: number; total: number }>(
      `SELECT status, count(*)::int AS n, COALESCE(sum(total), 0)::bigint AS total
         FROM orders WHERE tenant_id = $1 AND terminal_id = $2 GROUP BY status`,
      [tenantId, terminalId],
    ),
  ]);
  return {
    terminalId,
    lastSeq: Number(last.rows[0]?.last_seq ?? 0),
    gaps: gaps.rows,
    counts: Object.fromEntries(byStatus.rows.map((r) => [r.status, r.n])),
    totals: Object.fromEntries(byStatus.rows.map((r) => [r.status, r.total])),
  };
}
