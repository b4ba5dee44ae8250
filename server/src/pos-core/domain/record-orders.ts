/**
 * Recording submitted orders: the order, its lines and tenders, its first transition and its
 * `order.received` event (with the lines' products and quantities), all in the caller's transaction (status pending, saga state received),
 * with an `order.pricing_mismatch` event for each order the store's current rules price otherwise (shared pricing/pricing-mismatch.ts).
 *
 * ONE statement for the whole batch (every table, set-based), against the store's pricing rules the caller read, so that a single order
 * and a batch of 500 record in one round trip. A row that collides with an existing order — same id, or same (terminal, seq) — is
 * skipped, never an error: the caller decides what the collision means (replay, reused key, reused seq). A single order's key
 * completion (`completion`) joins the statement, run only if the order was inserted: the order and its key then commit together
 * without a transaction around them.
 */
import type { OrderSubmission } from '@pos/shared/order';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import { pricingMismatch } from '@pos/shared/pricing/pricing-mismatch';
import { LEGACY_PRICING } from '@pos/shared/pricing/pricing-settings';
import type { StoreSettings } from '@pos/shared/store-settings';
import { lamport } from '../../common/clock.ts';
import type { Queryable } from '../../common/db.ts';
import type { KeyCompletion } from '../../common/idempotency.ts';

export interface OrderToRecord {
  order: OrderSubmission;
  fingerprint: string;
}

/** What was recorded: the ids inserted, and whether the statement completed the key it was given. */
export interface Recorded {
  ids: Set<string>;
  keyCompleted: boolean;
}

/**
 * Records the orders that do not collide with an existing one. `lease`: record them already leased
 * to this driver (an inline drive follows at once, and the recovery worker must not grab them in
 * between).
 */
export async function recordOrders(
  db: Queryable,
  tenantId: string,
  items: readonly OrderToRecord[],
  store: StoreSettings,
  options: { lease?: { owner: string; leaseMs: number }; completion?: KeyCompletion } = {},
): Promise<Recorded> {
  if (items.length === 0) return { ids: new Set(), keyCompleted: false };
  const { lease, completion } = options;
  const rows = items.map(({ order, fingerprint }) => {
    lamport.observe(order.lamport);
    const amounts = orderTotals(order);
    return { order, fingerprint, amounts };
  });
  const recordset = rows.map(({ order, fingerprint, amounts }) => ({
    id: order.id,
    terminal_id: order.terminalId,
    seq: order.seq,
    capture_mode: order.captureMode,
    currency: order.currency,
    price_list_version: order.priceListVersion,
    total: amounts.total,
    tax: amounts.tax,
    created_at: order.createdAt,
    lamport: order.lamport,
    fingerprint,
    discounts: order.discounts?.length ? order.discounts : null,
    prices_include_tax: (order.pricing ?? LEGACY_PRICING).pricesIncludeTax,
    cash_rounding_increment: (order.pricing ?? LEGACY_PRICING).cashRoundingIncrement,
    cash_rounding: order.cashRounding ?? 0,
    staff_id: order.staffId ?? null,
  }));
  const lines = rows.flatMap(({ order, amounts }) =>
    order.lines.map((l, i) => ({
      order_id: order.id,
      line_no: i + 1,
      product_id: l.productId,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      tax_rate_bps: l.taxRateBps,
      tax: amounts.lines[i]?.tax ?? 0,
      discount: (amounts.lines[i]?.lineDiscount ?? 0) + (amounts.lines[i]?.orderDiscount ?? 0),
    })),
  );
  const tenders = rows.flatMap(({ order }) =>
    order.tenders.map((t, i) => ({
      order_id: order.id,
      tender_no: i + 1,
      type: t.type,
      amount: t.amount,
      received: t.type === 'cash' ? t.received : null,
      card_token: t.type === 'card' ? t.cardToken : null,
    })),
  );
  // Each order's `order.received` event, stamped now, and an `order.pricing_mismatch` event for each order
  // the store's current rules price otherwise; only those of the orders inserted are written.
  const received = rows.map(({ order, amounts }) => ({
    orderId: order.id,
    type: 'order.received',
    lamport: lamport.tick(),
    payload: {
      orderId: order.id,
      terminalId: order.terminalId,
      seq: order.seq,
      status: 'pending',
      total: amounts.total,
      currency: order.currency,
      captureMode: order.captureMode,
      // What was sold, for consumers that act on it (the kitchen's tickets): product and quantity per line.
      lines: order.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.unitPrice })),
      // The customer asked for an emailed receipt (the notification service sends it once confirmed).
      ...(order.receiptEmail ? { receiptEmail: order.receiptEmail } : {}),
    },
  }));
  const mismatches = rows.flatMap(({ order }) => {
    const mismatch = pricingMismatch(order, store);
    return mismatch ? [{ orderId: order.id, type: 'order.pricing_mismatch', lamport: lamport.tick(), payload: { ...mismatch } }] : [];
  });
  const events = [...received, ...mismatches];
  // ONE statement: the orders that do not collide, and — for those only, keyed on what the INSERT
  // returned — their lines, tenders, first transition and event. The events keep the request's order
  // (ORDINALITY), and draw their outbox ids once the transaction has its id (outbox.ts).
  const recorded = await db.query<{ ids: string[]; key_completed: boolean }>(
    `WITH inserted AS (
       INSERT INTO orders (tenant_id, id, terminal_id, seq, status, capture_mode, currency, price_list_version, total, tax, created_at, lamport,
                           fingerprint, lease_owner, lease_until, discounts, prices_include_tax, cash_rounding_increment, cash_rounding, staff_id)
       SELECT $1, r.id, r.terminal_id, r.seq, 'pending', r.capture_mode, r.currency, r.price_list_version, r.total, r.tax, r.created_at, r.lamport,
              r.fingerprint, $3::text, CASE WHEN $3::text IS NULL THEN NULL ELSE now() + make_interval(secs => $4::float8 / 1000) END,
              r.discounts, r.prices_include_tax, r.cash_rounding_increment, r.cash_rounding, r.staff_id
         FROM jsonb_to_recordset($2::jsonb) AS r(id text, terminal_id text, seq bigint, capture_mode text, currency text,
              price_list_version bigint, total bigint, tax bigint, created_at timestamptz, lamport bigint, fingerprint text,
              discounts jsonb, prices_include_tax boolean, cash_rounding_increment int, cash_rounding bigint, staff_id text)
       ON CONFLICT DO NOTHING
       RETURNING id
     ), lines AS (
       INSERT INTO order_lines (tenant_id, order_id, line_no, product_id, quantity, unit_price, tax_rate_bps, tax, discount)
       SELECT $1, r.order_id, r.line_no, r.product_id, r.quantity, r.unit_price, r.tax_rate_bps, r.tax, r.discount
         FROM jsonb_to_recordset($5::jsonb) AS r(order_id text, line_no int, product_id text, quantity int, unit_price bigint, tax_rate_bps int, tax bigint,
              discount bigint)
        WHERE r.order_id IN (SELECT id FROM inserted)
     ), tenders AS (
       INSERT INTO order_tenders (tenant_id, order_id, tender_no, type, amount, received, card_token)
       SELECT $1, r.order_id, r.tender_no, r.type, r.amount, r.received, r.card_token
         FROM jsonb_to_recordset($6::jsonb) AS r(order_id text, tender_no int, type text, amount bigint, received bigint, card_token text)
        WHERE r.order_id IN (SELECT id FROM inserted)
     ), transitions AS (
       INSERT INTO order_transitions (tenant_id, order_id, from_state, to_state, status)
       SELECT $1, id, NULL, 'received', 'pending' FROM inserted
     ), events AS (
       INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
       SELECT $1, e.type, e.order_id, e.lamport, e.payload
         FROM unnest($7::text[], $8::bigint[], $9::jsonb[], $10::text[]) WITH ORDINALITY AS e(order_id, lamport, payload, type, n)
        WHERE e.order_id IN (SELECT id FROM inserted) AND pg_current_xact_id() IS NOT NULL
        ORDER BY e.n
     )${completion ? `, ${completion.cte(11, 'EXISTS (SELECT 1 FROM inserted)')}` : ''}
     SELECT ARRAY(SELECT id FROM inserted) AS ids, ${completion ? 'EXISTS (SELECT 1 FROM completed)' : 'false'} AS key_completed`,
    [
      tenantId,
      JSON.stringify(recordset),
      lease?.owner ?? null,
      lease?.leaseMs ?? 0,
      JSON.stringify(lines),
      JSON.stringify(tenders),
      events.map((e) => e.orderId),
      events.map((e) => e.lamport),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => e.type),
      ...(completion?.values ?? []),
    ],
  );
  const row = recorded.rows[0];
  return { ids: new Set(row?.ids ?? []), keyCompleted: row?.key_completed ?? false };
}
