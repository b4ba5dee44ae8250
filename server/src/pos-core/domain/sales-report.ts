/** `GET /v1/store/reports/sales` (shared/src/sales-report.ts): confirmed sales per hour and per till in a period. */
import type { SalesReport } from '@pos/shared/sales-report';
import type { Queryable } from '../../common/db.ts';

export async function salesReport(db: Queryable, tenantId: string, from: string, to: string): Promise<SalesReport> {
  const period = [tenantId, from, to];
  const confirmed = `FROM orders WHERE tenant_id = $1 AND status = 'confirmed' AND received_at >= $2 AND received_at < $3`;
  const [perHour, perTill, currency] = await Promise.all([
    db.query<{ hour: string; count: number; total: string }>(
      `SELECT to_char(date_trunc('hour', received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00"Z"') AS hour, count(*)::int AS count,
              sum(total)::bigint AS total ${confirmed} GROUP BY 1 ORDER BY 1`,
      period,
    ),
    db.query<{ terminal_id: string; count: number; total: string }>(
      `SELECT terminal_id, count(*)::int AS count, sum(total)::bigint AS total ${confirmed} GROUP BY terminal_id ORDER BY terminal_id`,
      period,
    ),
    db.query<{ currency: string }>(`SELECT currency ${confirmed} LIMIT 1`, period),
  ]);
  return {
    from,
    to,
    currency: currency.rows[0]?.currency ?? null,
    perHour: perHour.rows.map((r) => ({ hour: r.hour, count: r.count, total: Number(r.total) })),
    perTill: perTill.rows.map((r) => ({ terminalId: r.terminal_id, count: r.count, total: Number(r.total) })),
  };
}
