/**
 * Recording submitted orders: the order, its lines and tenders, its first transition and its
 * `order.received` event (with the lines' products and quantities), all in the caller's transaction (status pending, saga state received).
 *
 * Set-based (one statement per table) so that a batch of 500 orders records in a handful of round
 * trips. A row that collides with an existing order — same id, or same (terminal, seq) — is skipped,
 * never an error: the caller decides what the collision means (replay, reused key, reused seq).
 */
import { orderAmounts } from '@pos/shared/money';
import type { OrderSubmission } from '@pos/shared/order';
import { lamport } from '../../common/clock.ts';
import type { PoolClient } from '../../common/db.ts';
import { appendEvents } from '../../common/outbox.ts';

export interface OrderToRecord {
  order: OrderSubmission;
  fingerprint: string;
}

/**
 * Records the orders that do not collide with an existing one; returns the ids it recorded.
 * `lease`: record them already leased to this driver (an inline drive follows at once, and the
 * recovery worker must not grab them in between).
 */
export async function recordOrders(
  tx: PoolClient,
  tenantId: string,
  items: readonly OrderToRecord[],
  lease?: { owner: string; leaseMs: number },
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const rows = items.map(({ order, fingerprint }) => {
    lamport.observe(order.lamport);
    const amounts = orderAmounts(order.lines);
    return { order, fingerprint, amounts };
  });
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO orders (tenant_id, id, terminal_id, seq, status, capture_mode, currency, price_list_version, total, tax, created_at, lamport, fingerprint,
                         lease_owner, lease_until, staff_id)
     SELECT $1, r.id, r.terminal_id, r.seq, 'pending', r.capture_mode, r.currency, r.price_list_version, r.total, r.tax, r.created_at, r.lamport, r.fingerprint,
            $3::text, CASE WHEN $3::text IS NULL THEN NULL ELSE now() + make_interval(secs => $4::float8 / 1000) END, r.staff_id
       FROM jsonb_to_recordset($2::jsonb) AS r(id text, terminal_id text, seq bigint, capture_mode text, currency text,
            price_list_version bigint, total bigint, tax bigint, created_at timestamptz, lamport bigint, fingerprint text,
            staff_id text)
     ON CONFLICT DO NOTHING
     RETURNING id`,
    [
      tenantId,
      JSON.stringify(
        rows.map(({ order, fingerprint, amounts }) => ({
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
          staff_id: order.staffId ?? null,
        })),
      ),
      lease?.owner ?? null,
      lease?.leaseMs ?? 0,
    ],
  );
  const ids = new Set(inserted.rows.map((r) => r.id));
  const recorded = rows.filter((r) => ids.has(r.order.id));
  if (recorded.length === 0) return ids;

  const lines = recorded.flatMap(({ order, amounts }) =>
    order.lines.map((l, i) => ({
      order_id: order.id,
      line_no: i + 1,
      product_id: l.productId,
      quantity: l.quantity,
      unit_price: l.unitPrice,
      tax_rate_bps: l.taxRateBps,
      tax: amounts.lines[i]?.tax ?? 0,
    })),
  );
  await tx.query(
    `INSERT INTO order_lines (tenant_id, order_id, line_no, product_id, quantity, unit_price, tax_rate_bps, tax)
     SELECT $1, r.order_id, r.line_no, r.product_id, r.quantity, r.unit_price, r.tax_rate_bps, r.tax
       FROM jsonb_to_recordset($2::jsonb) AS r(order_id text, line_no int, product_id text, quantity int, unit_price bigint, tax_rate_bps int, tax bigint)`,
    [tenantId, JSON.stringify(lines)],
  );
  const tenders = recorded.flatMap(({ order }) =>
    order.tenders.map((t, i) => ({
      order_id: order.id,
      tender_no: i + 1,
      type: t.type,
      amount: t.amount,
      received: t.type === 'cash' ? t.received : null,
      card_token: t.type === 'card' ? t.cardToken : null,
    })),
  );
  await tx.query(
    `INSERT INTO order_tenders (tenant_id, order_id, tender_no, type, amount, received, card_token)
     SELECT $1, r.order_id, r.tender_no, r.type, r.amount, r.received, r.card_token
       FROM jsonb_to_recordset($2::jsonb) AS r(order_id text, tender_no int, type text, amount bigint, received bigint, card_token text)`,
    [tenantId, JSON.stringify(tenders)],
  );
  await tx.query(
    `INSERT INTO order_transitions (tenant_id, order_id, from_state, to_state, status)
     SELECT $1, id, NULL, 'received', 'pending' FROM unnest($2::text[]) AS id`,
    [tenantId, recorded.map((r) => r.order.id)],
  );
  await appendEvents(
    tx,
    recorded.map(({ order, amounts }) => ({
      tenantId,
      type: 'order.received' as const,
      correlationId: order.id,
      data: {
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
    })),
  );
  return ids;
}
