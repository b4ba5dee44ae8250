/** Reading orders as the API answers them (`orderView` of @pos/shared/order). */
import type { OrderStatus, OrderView, Tender } from '@pos/shared/order';
import type { Discount } from '@pos/shared/pricing/discount';
import type { Queryable } from '../../common/db.ts';

export interface OrderRow {
  id: string;
  status: OrderStatus;
  reason: string | null;
  terminal_id: string;
  seq: number;
  capture_mode: OrderView['captureMode'];
  currency: string;
  price_list_version: number;
  total: number;
  tax: number;
  created_at: Date;
  received_at: Date;
  lamport: number;
  discounts: Discount[] | null;
  prices_include_tax: boolean;
  cash_rounding_increment: number;
  cash_rounding: number;
  staff_id: string | null;
}

export interface LineRow {
  order_id: string;
  line_no: number;
  product_id: string;
  quantity: number;
  unit_price: number;
  tax_rate_bps: number;
  tax: number;
  catalog_price: number | null;
  discount: number;
}

export interface TenderRow {
  order_id: string;
  type: 'cash' | 'card';
  amount: number;
  received: number | null;
  card_token: string | null;
}

/** The columns each row type is read from (also by order-lookup.ts, which reads one order in one query). */
export const ORDER_COLUMNS =
  'id, status, reason, terminal_id, seq, capture_mode, currency, price_list_version, total, tax, created_at, received_at, lamport, ' +
  'discounts, prices_include_tax, cash_rounding_increment, cash_rounding, staff_id';
export const LINE_COLUMNS = 'order_id, line_no, product_id, quantity, unit_price, tax_rate_bps, tax, catalog_price, discount';
export const TENDER_COLUMNS = 'order_id, tender_no, type, amount, received, card_token';

const toTender = (t: TenderRow): Tender =>
  t.type === 'cash'
    ? { type: 'cash', amount: t.amount, received: t.received ?? t.amount }
    : { type: 'card', amount: t.amount, cardToken: t.card_token ?? '' };

/** The orders with these ids, in no particular order; ids of other tenants or unknown ids are absent. */
export async function loadOrderViews(db: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, OrderView>> {
  const views = new Map<string, OrderView>();
  if (ids.length === 0) return views;
  const [orders, lines, tenders] = await Promise.all([
    db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE tenant_id = $1 AND id = ANY($2::text[])`, [tenantId, ids]),
    db.query<LineRow>(
      `SELECT ${LINE_COLUMNS} FROM order_lines WHERE tenant_id = $1 AND order_id = ANY($2::text[]) ORDER BY order_id, line_no`,
      [tenantId, ids],
    ),
    db.query<TenderRow>(
      `SELECT ${TENDER_COLUMNS} FROM order_tenders WHERE tenant_id = $1 AND order_id = ANY($2::text[]) ORDER BY order_id, tender_no`,
      [tenantId, ids],
    ),
  ]);
  for (const o of orders.rows) views.set(o.id, toOrderView(o, [], []));
  for (const l of lines.rows) views.get(l.order_id)?.lines.push(toLine(l));
  for (const t of tenders.rows) views.get(t.order_id)?.tenders.push(toTender(t));
  return views;
}

/** A page of orders as the API answers it: the views of `ids`, in that order (a list's order). */
export async function loadOrderViewsInOrder(db: Queryable, tenantId: string, ids: readonly string[]): Promise<OrderView[]> {
  const views = await loadOrderViews(db, tenantId, ids);
  return ids.map((id) => views.get(id)).filter((v): v is OrderView => v !== undefined);
}

/** An order as the API answers it, from its row and its lines and tenders (in order). */
export function toOrderView(o: OrderRow, lines: readonly LineRow[], tenders: readonly TenderRow[]): OrderView {
  return {
    id: o.id,
    status: o.status,
    reason: o.reason,
    terminalId: o.terminal_id,
    seq: o.seq,
    captureMode: o.capture_mode,
    currency: o.currency,
    priceListVersion: o.price_list_version,
    total: o.total,
    tax: o.tax,
    lines: lines.map(toLine),
    tenders: tenders.map(toTender),
    discounts: o.discounts ?? [],
    pricing: { pricesIncludeTax: o.prices_include_tax, cashRoundingIncrement: o.cash_rounding_increment },
    cashRounding: o.cash_rounding,
    createdAt: o.created_at.toISOString(),
    receivedAt: o.received_at.toISOString(),
    lamport: o.lamport,
    staffId: o.staff_id,
  };
}

const toLine = (l: LineRow): OrderView['lines'][number] => ({
  lineNo: l.line_no,
  productId: l.product_id,
  quantity: l.quantity,
  unitPrice: l.unit_price,
  taxRateBps: l.tax_rate_bps,
  tax: l.tax,
  catalogPrice: l.catalog_price,
  discount: l.discount,
});

export async function loadOrderView(db: Queryable, tenantId: string, id: string): Promise<OrderView | null> {
  return (await loadOrderViews(db, tenantId, [id])).get(id) ?? null;
}
