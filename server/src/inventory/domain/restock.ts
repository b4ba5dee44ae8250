/**
 * A refund's goods back on the shelf (issue #14): each restocked refund line adds its quantity to on_hand
 * as ONE `return` stock movement keyed by (refund id, line no). Runs under the key `<refundId>:restock`
 * (idempotency.ts) and the unique index on (tenant, refund, line) (migrations/008_refund_returns.sql): a
 * line already returned is skipped, so the same return never counts twice. A product the catalogue does
 * not know is skipped (nothing to put back); a deleted one still gets its stock back.
 */
import type { RestockAnswer, RestockRequest } from '@pos/shared/refund';
import type { PoolClient } from '../../common/db.ts';
import { recordCatalogChange } from './catalog-change.ts';
import { lockProducts } from './product-row.ts';

export async function restockRefund(tx: PoolClient, tenantId: string, request: RestockRequest): Promise<RestockAnswer> {
  const products = await lockProducts(
    tx,
    tenantId,
    request.lines.map((l) => l.productId),
  );
  const { rows: done } = await tx.query<{ line_no: number; on_hand_after: number }>(
    `SELECT line_no, on_hand_after FROM stock_movements WHERE tenant_id = $1 AND refund_id = $2 AND kind = 'return'`,
    [tenantId, request.refundId],
  );
  const returned = new Map(done.map((r) => [r.line_no, Number(r.on_hand_after)]));
  const onHand = new Map([...products].map(([id, p]) => [id, Number(p.on_hand)]));
  const answer: RestockAnswer = { lines: [] };
  const touched = new Set<string>();
  for (const line of request.lines) {
    const already = returned.get(line.lineNo);
    const current = onHand.get(line.productId);
    if (already !== undefined || current === undefined) {
      answer.lines.push({ lineNo: line.lineNo, productId: line.productId, onHandAfter: already ?? null });
      continue;
    }
    const after = current + line.quantity;
    onHand.set(line.productId, after);
    touched.add(line.productId);
    await tx.query(
      `INSERT INTO stock_movements (tenant_id, product_id, kind, quantity, on_hand_after, reason, order_id, line_no, refund_id)
       VALUES ($1, $2, 'return', $3, $4, 'refund', $5, $6, $7)`,
      [tenantId, line.productId, line.quantity, after, request.orderId, line.lineNo, request.refundId],
    );
    answer.lines.push({ lineNo: line.lineNo, productId: line.productId, onHandAfter: after });
  }
  if (touched.size === 0) return answer;
  const ids = [...touched];
  await tx.query(
    `UPDATE products p SET on_hand = d.on_hand FROM unnest($2::text[], $3::bigint[]) AS d(id, on_hand)
      WHERE p.tenant_id = $1 AND p.id = d.id`,
    [tenantId, ids, ids.map((id) => onHand.get(id))],
  );
  await recordCatalogChange(tx, { tenantId, productIds: ids, event: 'stock.changed', correlationId: request.orderId });
  return answer;
}
