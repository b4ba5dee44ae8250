/**
 * Discrepancies: what committed sales revealed — stock below zero after an offline (force) sale,
 * or a sold product the catalogue does not know. Recorded, evented, never hidden (G3).
 */
import type { Discrepancy, DiscrepancyKind } from '@pos/shared/discrepancy';
import { cursorCodec, cutPage, integerPosition, type PageInfo } from '@pos/shared/page';
import type { Queryable } from '../../common/db.ts';
import { appendEvent } from '../../common/outbox.ts';

export interface NewDiscrepancy {
  kind: DiscrepancyKind;
  productId: string;
  orderId: string;
  lineNo: number;
  quantity: number;
  onHandAfter: number | null;
}

/** Records the discrepancy and its `stock.discrepancy` event (correlation id: the order). Once per order line. */
export async function recordDiscrepancy(tx: Queryable, tenantId: string, d: NewDiscrepancy): Promise<void> {
  const inserted = await tx.query(
    `INSERT INTO discrepancies (tenant_id, product_id, order_id, line_no, kind, quantity, on_hand_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (tenant_id, order_id, line_no) DO NOTHING`,
    [tenantId, d.productId, d.orderId, d.lineNo, d.kind, d.quantity, d.onHandAfter],
  );
  if (inserted.rowCount !== 1) return;
  await appendEvent(tx, { tenantId, type: 'stock.discrepancy', correlationId: d.orderId, data: { ...d } });
}

interface DiscrepancyRow {
  id: number;
  kind: DiscrepancyKind;
  product_id: string;
  order_id: string;
  line_no: number;
  quantity: number;
  on_hand_after: number | null;
  created_at: Date;
}

/** Cursors of the discrepancy list: the id of the last discrepancy of a page. */
export const discrepanciesCursor = cursorCodec('discrepancies', integerPosition);

/** One page of the store's discrepancies after id `afterId` (0: from the first), oldest first. */
export async function listDiscrepancies(
  db: Queryable,
  tenantId: string,
  afterId: number,
  limit: number,
): Promise<{ discrepancies: Discrepancy[] } & PageInfo> {
  const { rows } = await db.query<DiscrepancyRow>(
    `SELECT id, kind, product_id, order_id, line_no, quantity, on_hand_after, created_at FROM discrepancies
      WHERE tenant_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
    [tenantId, afterId, limit + 1],
  );
  const page = cutPage(rows, limit, discrepanciesCursor, (r) => Number(r.id));
  return { discrepancies: page.rows.map(toDiscrepancy), nextCursor: page.nextCursor, hasMore: page.hasMore };
}

function toDiscrepancy(r: DiscrepancyRow): Discrepancy {
  return {
    id: String(r.id),
    kind: r.kind,
    productId: r.product_id,
    orderId: r.order_id,
    lineNo: r.line_no,
    quantity: r.quantity,
    onHandAfter: r.on_hand_after,
    createdAt: r.created_at.toISOString(),
  };
}
