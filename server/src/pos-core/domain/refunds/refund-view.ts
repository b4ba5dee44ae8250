/** Reading refunds as the API answers them (`refundView` of @pos/shared/refund). */
import type { RefundView } from '@pos/shared/refund';
import type { Queryable } from '../../../common/db.ts';

interface RefundRow {
  id: string;
  order_id: string;
  terminal_id: string;
  seq: string | number;
  status: RefundView['status'];
  status_reason: string | null;
  reason: string;
  capture_mode: RefundView['captureMode'];
  tender: RefundView['tender'];
  amount: string | number;
  currency: string;
  discrepancy: string | null;
  created_at: Date;
  received_at: Date;
  staff_id: string | null;
  approved_by: string | null;
}

interface RefundLineRow {
  refund_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  restock: boolean;
  amount: string | number;
}

const REFUND_COLUMNS = `id, order_id, terminal_id, seq, status, status_reason, reason, capture_mode, tender, amount, currency, discrepancy,
  created_at, received_at, staff_id, approved_by`;

const toView = (r: RefundRow): RefundView => ({
  id: r.id,
  orderId: r.order_id,
  terminalId: r.terminal_id,
  seq: Number(r.seq),
  status: r.status,
  statusReason: r.status_reason,
  reason: r.reason,
  captureMode: r.capture_mode,
  tender: r.tender,
  amount: Number(r.amount),
  currency: r.currency,
  lines: [],
  discrepancy: r.discrepancy,
  createdAt: r.created_at.toISOString(),
  receivedAt: r.received_at.toISOString(),
  staffId: r.staff_id,
  approvedBy: r.approved_by,
});

/** The refunds chosen by `where` (SQL on `refunds`, $1 = tenant, $2 = the value), oldest first, with their lines. */
async function loadRefunds(db: Queryable, tenantId: string, where: 'id' | 'order_id', value: string): Promise<RefundView[]> {
  const { rows } = await db.query<RefundRow>(
    `SELECT ${REFUND_COLUMNS} FROM refunds WHERE tenant_id = $1 AND ${where} = $2 ORDER BY received_at, id`,
    [tenantId, value],
  );
  if (rows.length === 0) return [];
  const views = new Map(rows.map((r) => [r.id, toView(r)]));
  const lines = await db.query<RefundLineRow>(
    `SELECT refund_id, line_no, product_id, quantity, restock, amount FROM refund_lines
      WHERE tenant_id = $1 AND refund_id = ANY($2::text[]) ORDER BY refund_id, line_no`,
    [tenantId, [...views.keys()]],
  );
  for (const l of lines.rows) {
    views.get(l.refund_id)?.lines.push({
      lineNo: l.line_no,
      productId: l.product_id,
      quantity: l.quantity,
      restock: l.restock,
      amount: Number(l.amount),
    });
  }
  return [...views.values()];
}

export async function loadRefundView(db: Queryable, tenantId: string, refundId: string): Promise<RefundView | null> {
  return (await loadRefunds(db, tenantId, 'id', refundId))[0] ?? null;
}

/** Every refund of an order (failed ones included), oldest first. */
export const loadOrderRefundViews = (db: Queryable, tenantId: string, orderId: string): Promise<RefundView[]> =>
  loadRefunds(db, tenantId, 'order_id', orderId);
