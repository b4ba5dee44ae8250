/** The immutable facts of an order the saga needs: its lines (as the till priced them), card tender and capture mode. */
import type { CaptureMode, OrderSubmission } from '@pos/shared/order';
import type { Queryable } from '../../../common/db.ts';

export interface SagaOrder {
  tenantId: string;
  id: string;
  captureMode: CaptureMode;
  currency: string;
  /** The price-list version the till priced the lines with. */
  priceListVersion: number;
  lines: { lineNo: number; productId: string; quantity: number; unitPrice: number }[];
  /** The card tender, when the order has one with a non-zero amount (cash sales skip payment). */
  card: { amount: number; cardToken: string } | null;
}

export async function loadSagaOrder(db: Queryable, tenantId: string, id: string): Promise<SagaOrder | null> {
  const [order, lines, card] = await Promise.all([
    db.query<{ capture_mode: CaptureMode; currency: string; price_list_version: number }>(
      'SELECT capture_mode, currency, price_list_version FROM orders WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    ),
    db.query<{ line_no: number; product_id: string; quantity: number; unit_price: number }>(
      'SELECT line_no, product_id, quantity, unit_price FROM order_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_no',
      [tenantId, id],
    ),
    db.query<{ amount: number; card_token: string }>(
      `SELECT amount, card_token FROM order_tenders WHERE tenant_id = $1 AND order_id = $2 AND type = 'card' AND amount > 0 ORDER BY tender_no LIMIT 1`,
      [tenantId, id],
    ),
  ]);
  const row = order.rows[0];
  if (!row) return null;
  const c = card.rows[0];
  return {
    tenantId,
    id,
    captureMode: row.capture_mode,
    currency: row.currency,
    priceListVersion: row.price_list_version,
    lines: lines.rows.map((l) => ({ lineNo: l.line_no, productId: l.product_id, quantity: l.quantity, unitPrice: l.unit_price })),
    card: c ? { amount: c.amount, cardToken: c.card_token } : null,
  };
}

/**
 * The same facts taken from the submission that was just recorded (record-orders.ts stores line i as
 * line_no i + 1 and the tenders as given), so the drive that follows the recording needs no read.
 * saga-order.pg.test.ts holds it equal to loadSagaOrder of the recorded order.
 */
export function sagaOrderOf(tenantId: string, order: OrderSubmission): SagaOrder {
  const card = order.tenders.find((t) => t.type === 'card' && t.amount > 0);
  return {
    tenantId,
    id: order.id,
    captureMode: order.captureMode,
    currency: order.currency,
    priceListVersion: order.priceListVersion,
    lines: order.lines.map((l, i) => ({ lineNo: i + 1, productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })),
    card: card?.type === 'card' ? { amount: card.amount, cardToken: card.cardToken } : null,
  };
}
