/** The immutable facts of an order the saga needs: its lines (as the till priced them), card parts and capture mode. */
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
  /**
   * The card parts: the order's card tenders with a non-zero amount, in tender order; part k is the k-th
   * (Payment keys a payment per order and part). Empty for a cash sale, which skips payment.
   */
  cards: CardPart[];
}

export interface CardPart {
  part: number;
  amount: number;
  cardToken: string;
}

const cardParts = (tenders: readonly { amount: number; cardToken: string }[]): CardPart[] =>
  tenders.map((t, i) => ({ part: i + 1, amount: t.amount, cardToken: t.cardToken }));

/** The card parts of a recorded order (see SagaOrder.cards); empty for a cash sale or an unknown order. */
export async function loadCardParts(db: Queryable, tenantId: string, orderId: string): Promise<CardPart[]> {
  const { rows } = await db.query<{ amount: number; card_token: string }>(
    `SELECT amount, card_token FROM order_tenders WHERE tenant_id = $1 AND order_id = $2 AND type = 'card' AND amount > 0 ORDER BY tender_no`,
    [tenantId, orderId],
  );
  return cardParts(rows.map((c) => ({ amount: Number(c.amount), cardToken: c.card_token })));
}

export async function loadSagaOrder(db: Queryable, tenantId: string, id: string): Promise<SagaOrder | null> {
  const [order, lines, cards] = await Promise.all([
    db.query<{ capture_mode: CaptureMode; currency: string; price_list_version: number }>(
      'SELECT capture_mode, currency, price_list_version FROM orders WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    ),
    db.query<{ line_no: number; product_id: string; quantity: number; unit_price: number }>(
      'SELECT line_no, product_id, quantity, unit_price FROM order_lines WHERE tenant_id = $1 AND order_id = $2 ORDER BY line_no',
      [tenantId, id],
    ),
    loadCardParts(db, tenantId, id),
  ]);
  const row = order.rows[0];
  if (!row) return null;
  return {
    tenantId,
    id,
    captureMode: row.capture_mode,
    currency: row.currency,
    priceListVersion: row.price_list_version,
    lines: lines.rows.map((l) => ({ lineNo: l.line_no, productId: l.product_id, quantity: l.quantity, unitPrice: l.unit_price })),
    cards,
  };
}

/**
 * The same facts taken from the submission that was just recorded (record-orders.ts stores line i as
 * line_no i + 1 and the tenders as given), so the drive that follows the recording needs no read.
 * saga-order.pg.test.ts holds it equal to loadSagaOrder of the recorded order.
 */
export function sagaOrderOf(tenantId: string, order: OrderSubmission): SagaOrder {
  const cards = order.tenders.flatMap((t) => (t.type === 'card' && t.amount > 0 ? [t] : []));
  return {
    tenantId,
    id: order.id,
    captureMode: order.captureMode,
    currency: order.currency,
    priceListVersion: order.priceListVersion,
    lines: order.lines.map((l, i) => ({ lineNo: i + 1, productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })),
    cards: cardParts(cards),
  };
}
