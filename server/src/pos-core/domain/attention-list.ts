/**
 * `GET /v1/store/attention`: the store's sales that need a manager (shared/src/attention.ts), newest
 * first, paged; an order a manager resolved is no longer listed.
 */
import { ATTEMPTS_BEFORE_ATTENTION, type AttentionItem, type AttentionKind, attentionCursor } from '@pos/shared/attention';
import type { OrderStatus } from '@pos/shared/order';
import { cutPage, type PageInfo } from '@pos/shared/page';
import type { Queryable } from '../../common/db.ts';
import { receivedAtText } from './received-at.ts';

export interface AttentionPage extends PageInfo {
  items: AttentionItem[];
}

interface Row {
  id: string;
  terminal_id: string;
  seq: string;
  status: OrderStatus;
  reason: string | null;
  total: string;
  currency: string;
  attempts: number;
  received: string;
  kinds: AttentionKind[];
}

export async function listAttention(
  db: Queryable,
  tenantId: string,
  cursor: [string, string] | undefined,
  limit: number,
): Promise<AttentionPage> {
  const [afterAt, afterId] = cursor ?? [null, null];
  const { rows } = await db.query<Row>(
    `WITH flagged AS (
       SELECT id AS order_id, 'stuck' AS kind FROM orders WHERE tenant_id = $1 AND status = 'pending' AND attempts >= $2
       UNION ALL
       SELECT id, 'offline_sale_failed' FROM orders
        WHERE tenant_id = $1 AND capture_mode = 'offline' AND status IN ('declined', 'rejected')
       UNION ALL
       SELECT DISTINCT order_id, 'price_mismatch' FROM order_lines
        WHERE tenant_id = $1 AND catalog_price IS NOT NULL AND catalog_price <> unit_price
       UNION ALL
       SELECT DISTINCT order_id, 'refund_discrepancy' FROM refunds
        WHERE tenant_id = $1 AND (discrepancy IS NOT NULL OR status = 'failed')
     ), grouped AS (SELECT order_id, array_agg(DISTINCT kind ORDER BY kind) AS kinds FROM flagged GROUP BY order_id)
     SELECT o.id, o.terminal_id, o.seq, o.status, o.reason, o.total, o.currency, o.attempts, ${receivedAtText('o.received_at')} AS received, g.kinds
       FROM grouped g JOIN orders o ON o.tenant_id = $1 AND o.id = g.order_id
      WHERE NOT EXISTS (SELECT 1 FROM order_resolutions r WHERE r.tenant_id = $1 AND r.order_id = o.id)
        AND ($3::timestamptz IS NULL OR (o.received_at, o.id) < ($3::timestamptz, $4::text))
      ORDER BY o.received_at DESC, o.id DESC LIMIT $5`,
    [tenantId, ATTEMPTS_BEFORE_ATTENTION, afterAt, afterId, limit + 1],
  );
  const page = cutPage(rows, limit, attentionCursor, (r) => [r.received, r.id] as [string, string]);
  const mismatched = page.rows.filter((r) => r.kinds.includes('price_mismatch')).map((r) => r.id);
  const lines =
    mismatched.length === 0
      ? []
      : (
          await db.query<{ order_id: string; line_no: number; product_id: string; unit_price: string; catalog_price: string }>(
            `SELECT order_id, line_no, product_id, unit_price, catalog_price FROM order_lines
              WHERE tenant_id = $1 AND order_id = ANY($2) AND catalog_price IS NOT NULL AND catalog_price <> unit_price ORDER BY order_id, line_no`,
            [tenantId, mismatched],
          )
        ).rows;
  const items = page.rows.map(
    (r): AttentionItem => ({
      orderId: r.id,
      kinds: r.kinds,
      terminalId: r.terminal_id,
      seq: Number(r.seq),
      status: r.status,
      reason: r.reason,
      total: Number(r.total),
      currency: r.currency,
      attempts: r.attempts,
      receivedAt: r.received,
      mismatches: lines
        .filter((l) => l.order_id === r.id)
        .map((l) => ({
          lineNo: l.line_no,
          productId: l.product_id,
          unitPrice: Number(l.unit_price),
          catalogPrice: Number(l.catalog_price),
        })),
    }),
  );
  return { items, nextCursor: page.nextCursor, hasMore: page.hasMore };
}
