/**
 * Discrepancies: what committed sales revealed — stock below zero after an offline (force) sale,
 * or a sold product the catalogue does not know. Recorded, evented, never hidden (G3).
 */
import type { Discrepancy, DiscrepancyKind } from '@pos/shared/discrepancy';
import { cursorCodec, cutPage, integerPosition, type PageInfo } from '@pos/shared/page';
import type { Queryable } from '../../common/db.ts';
import { appendEvents } from '../../common/outbox.ts';

export interface NewDiscrepancy {
  kind: DiscrepancyKind;
  productId: string;
  orderId: string;
  lineNo: number;
  quantity: number;
  onHandAfter: number | null;
}

/**
 * Records the discrepancies, each with its `stock.discrepancy` event (correlation id: the order), in
 * two statements whatever their number. Once per order line: one already recorded is skipped, event included.
 */
export async function recordDiscrepancies(tx: Queryable, tenantId: string, discrepancies: readonly NewDiscrepancy[]): Promise<void> {
  if (discrepancies.length === 0) return;
  const recorded = await tx.query<{ order_id: string; line_no: number }>(
    `INSERT INTO discrepancies (tenant_id, product_id, order_id, line_no, kind, quantity, on_hand_after)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::int[], $5::text[], $6::int[], $7::bigint[])
     ON CONFLICT (tenant_id, order_id, line_no) DO NOTHING
     RETURNING order_id, line_no`,
    [
      tenantId,
      discrepancies.map((d) => d.productId),
      discrepancies.map((d) => d.orderId),
      discrepancies.map((d) => d.lineNo),
      discrepancies.map((d) => d.kind),
      discrepancies.map((d) => d.quantity),
      discrepancies.map((d) => d.onHandAfter),
    ],
  );
  const isNew = new Set(recorded.rows.map((r) => `${r.order_id}\u0000${r.line_no}`));
  await appendEvents(
    tx,
    discrepancies
      .filter((d) => isNew.has(`${d.orderId}\u0000${d.lineNo}`))
      .map((d) => ({ tenantId, type: 'stock.discrepancy' as const, correlationId: d.orderId, data: { ...d } })),
  );
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
