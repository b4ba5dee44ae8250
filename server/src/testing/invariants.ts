/**
 * A reusable checker of the guarantees G1–G3 (DESIGN §1) over the three services' databases, for
 * integration, fault-injection and soak tests. It reads the databases directly (read-only) and
 * returns every violation with a readable message; an empty list is a pass.
 *
 *   G1  every order a client recorded exists exactly once in POS Core (with its lines).
 *   liveness (optional)  no order is still pending.
 *   G2  at most one payment and at most one capture per order and card part; money is captured only for
 *       a confirmed order (each part exactly its card tender's amount; refunds only by the store's refunds); a final order that did not confirm has no
 *       authorization left standing and no capture left unrefunded; no payment without an order.
 *   G3  per product: on_hand = Σ its stock movements (receipts + adjustments − sales); every
 *       movement names a product of its store (kept by construction, not by a foreign key);
 *       reserved = Σ quantities of held reservation lines; the sales are exactly the lines of the
 *       confirmed orders (each order line sold once, no sale of an order that did not confirm);
 *       and the refund invariants (refund-invariants.ts);
 *       no strict (online) sale oversold: it may leave stock below zero only by as much as the offline
 *       (forced) sales and write-downs of that product before it took — those are facts that may pass
 *       zero (a discrepancy), while a strict hold only ever takes what was available. (If every unit
 *       a strict hold took was available, on_hand + forced units sold so far ≥ strict units held ≥ 0.
 *       The bound is cumulative: once offline sales took a product n units past zero, a later strict
 *       oversell of up to n units of it goes unnoticed.)
 */
import type { Pool } from '../common/db.ts';
import { checkRefundInvariants } from './refund-invariants.ts';

export interface InvariantPools {
  posCore: Pool;
  inventory: Pool;
  payment: Pool;
}

export interface InvariantOptions {
  /** Ids of the orders the clients recorded (tills' outboxes): each must exist exactly once. */
  recordedOrderIds?: readonly string[];
  /** Require every order to be final (after recovery had its chance). */
  requireFinal?: boolean;
}

export interface Violation {
  guarantee: 'G1' | 'G2' | 'G3' | 'liveness';
  message: string;
}

interface OrderRow {
  tenant_id: string;
  id: string;
  status: string;
  /** The amounts of the order's card parts (its non-zero card tenders, in order); null for a cash sale. */
  card_parts: (number | string)[] | null;
  lines: number;
  /** What the order's completed card refunds gave back, and what its pending ones may have (issue #14). */
  card_refunded: number;
  card_refund_pending: number;
}

const key = (tenantId: string, id: string) => `${tenantId}/${id}`;

export async function checkInvariants(pools: InvariantPools, options: InvariantOptions = {}): Promise<Violation[]> {
  const violations: Violation[] = [];
  const fail = (guarantee: Violation['guarantee'], message: string) => violations.push({ guarantee, message });

  const { rows: orders } = await pools.posCore.query<OrderRow>(
    `SELECT o.tenant_id, o.id, o.status,
            (SELECT array_agg(amount ORDER BY tender_no) FROM order_tenders t
              WHERE t.tenant_id = o.tenant_id AND t.order_id = o.id AND t.type = 'card' AND t.amount > 0) AS card_parts,
            (SELECT count(*) FROM order_lines l WHERE l.tenant_id = o.tenant_id AND l.order_id = o.id)::int AS lines,
            (SELECT COALESCE(sum(amount) FILTER (WHERE r.status = 'completed'), 0) FROM refunds r
              WHERE r.tenant_id = o.tenant_id AND r.order_id = o.id AND r.tender = 'card')::bigint AS card_refunded,
            (SELECT COALESCE(sum(amount) FILTER (WHERE r.status = 'pending'), 0) FROM refunds r
              WHERE r.tenant_id = o.tenant_id AND r.order_id = o.id AND r.tender = 'card')::bigint AS card_refund_pending
       FROM orders o`,
  );
  const byKey = new Map(orders.map((o) => [key(o.tenant_id, o.id), o]));

  // G1
  if (options.recordedOrderIds) {
    const counts = new Map<string, number>();
    for (const o of orders) counts.set(o.id, (counts.get(o.id) ?? 0) + 1);
    for (const id of new Set(options.recordedOrderIds)) {
      const n = counts.get(id) ?? 0;
      if (n !== 1) fail('G1', `order ${id} was recorded by a client but exists ${n} times in POS Core`);
    }
  }
  for (const o of orders) if (o.lines === 0) fail('G1', `order ${o.id} has no lines`);

  // liveness
  if (options.requireFinal) {
    for (const o of orders) if (o.status === 'pending') fail('liveness', `order ${o.id} is still pending`);
  }

  // G2 (per card part: an order paid by several cards has one payment per part, part k = its k-th card tender)
  const { rows: payments } = await pools.payment.query<{
    tenant_id: string;
    order_id: string;
    part: number;
    status: string;
    amount: number;
    captured_amount: number;
    refunded_amount: number;
    captures: number;
  }>(
    `SELECT p.tenant_id, p.order_id, p.part, p.status, p.amount, p.captured_amount, p.refunded_amount,
            (SELECT count(*) FROM payment_operations op WHERE op.tenant_id = p.tenant_id AND op.payment_id = p.id AND op.kind = 'capture')::int AS captures
       FROM payments p`,
  );
  const paymentsPerPart = new Map<string, number>();
  const refundedPerOrder = new Map<string, number>();
  for (const p of payments) {
    const k = key(p.tenant_id, p.order_id);
    paymentsPerPart.set(`${k}#${p.part}`, (paymentsPerPart.get(`${k}#${p.part}`) ?? 0) + 1);
    refundedPerOrder.set(k, (refundedPerOrder.get(k) ?? 0) + Number(p.refunded_amount));
    const order = byKey.get(k);
    const standing = p.captured_amount - p.refunded_amount;
    const what = `order ${p.order_id} part ${p.part}`;
    if (p.captures > 1) fail('G2', `${what} was captured ${p.captures} times`);
    if (!order) {
      if (p.status === 'authorized' || standing > 0)
        fail('G2', `payment of unknown ${what} is ${p.status} (${standing} captured, unrefunded)`);
      continue;
    }
    if (order.status === 'confirmed') {
      const statusOk = p.status === (p.refunded_amount > 0 ? 'refunded' : 'captured');
      const partAmount = order.card_parts?.[p.part - 1];
      if (!statusOk || partAmount === undefined || Number(p.captured_amount) !== Number(partAmount)) {
        fail(
          'G2',
          `confirmed ${what}: payment ${p.status}, captured ${p.captured_amount}, refunded ${p.refunded_amount}, card part amount ${partAmount}`,
        );
      }
    } else if (order.status !== 'pending' || options.requireFinal) {
      if (p.status === 'authorized') fail('G2', `${order.status} ${what} has an authorization that was never voided`);
      if (standing > 0) fail('G2', `${order.status} ${what} has ${standing} captured and not refunded`);
    }
  }
  for (const [k, n] of paymentsPerPart) if (n > 1) fail('G2', `order part ${k} has ${n} payments`);
  for (const o of orders) {
    const k = key(o.tenant_id, o.id);
    if (o.status !== 'confirmed' || !o.card_parts) continue;
    o.card_parts.forEach((_, i) => {
      if (!paymentsPerPart.has(`${k}#${i + 1}`)) fail('G2', `confirmed card order ${o.id} has no payment for card part ${i + 1}`);
    });
    // A confirmed sale's cards are refunded only by the store's refunds: exactly what the completed ones gave
    // back (a pending one may or may not have reached Payment yet).
    const refunded = refundedPerOrder.get(k) ?? 0;
    if (refunded < Number(o.card_refunded) || refunded > Number(o.card_refunded) + Number(o.card_refund_pending)) {
      fail('G2', `confirmed order ${o.id}: its card parts refunded ${refunded}, its card refunds completed ${o.card_refunded}`);
    }
  }

  // G3
  const [products, sales, confirmedLines, orphanMovements] = await Promise.all([
    pools.inventory.query<{ tenant_id: string; id: string; on_hand: number; reserved: number; movements: number; held: number }>(
      `SELECT p.tenant_id, p.id, p.on_hand, p.reserved,
              COALESCE((SELECT sum(m.quantity) FROM stock_movements m WHERE m.tenant_id = p.tenant_id AND m.product_id = p.id), 0)::bigint AS movements,
              COALESCE((SELECT sum(l.quantity) FROM reservation_lines l JOIN reservations r ON r.tenant_id = l.tenant_id AND r.order_id = l.order_id
                         WHERE l.tenant_id = p.tenant_id AND l.product_id = p.id AND l.holds_stock AND r.status = 'held'), 0)::bigint AS held
         FROM products p`,
    ),
    pools.inventory.query<{
      tenant_id: string;
      order_id: string;
      line_no: number;
      product_id: string;
      quantity: number;
      on_hand_after: number;
      forced_before: number;
      mode: string | null;
    }>(
      `SELECT * FROM (
         SELECT m.tenant_id, m.order_id, m.line_no, m.product_id, -m.quantity AS quantity, m.on_hand_after, m.kind, r.mode,
                sum(CASE WHEN (m.kind = 'sale' AND r.mode = 'force') OR (m.kind <> 'sale' AND m.quantity < 0) THEN -m.quantity ELSE 0 END)
                  OVER (PARTITION BY m.tenant_id, m.product_id ORDER BY m.id)::bigint AS forced_before
           FROM stock_movements m LEFT JOIN reservations r ON r.tenant_id = m.tenant_id AND r.order_id = m.order_id
       ) s WHERE s.kind = 'sale'`,
    ),
    pools.posCore.query<{ tenant_id: string; order_id: string; line_no: number; product_id: string; quantity: number }>(
      `SELECT l.tenant_id, l.order_id, l.line_no, l.product_id, l.quantity
         FROM order_lines l JOIN orders o ON o.tenant_id = l.tenant_id AND o.id = l.order_id WHERE o.status = 'confirmed'`,
    ),
    pools.inventory.query<{ tenant_id: string; product_id: string; n: number }>(
      `SELECT m.tenant_id, m.product_id, count(*)::int AS n FROM stock_movements m
        WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.tenant_id = m.tenant_id AND p.id = m.product_id)
        GROUP BY 1, 2`,
    ),
  ]);
  for (const m of orphanMovements.rows)
    fail('G3', `${m.n} stock movement(s) of store ${m.tenant_id} name the unknown product ${m.product_id}`);
  for (const p of products.rows) {
    if (p.on_hand !== p.movements) fail('G3', `product ${p.id}: on_hand ${p.on_hand} but its movements add up to ${p.movements}`);
    if (p.reserved !== p.held) fail('G3', `product ${p.id}: reserved ${p.reserved} but held reservations add up to ${p.held}`);
  }
  const sold = new Map<string, (typeof sales.rows)[number]>();
  for (const s of sales.rows) {
    sold.set(`${key(s.tenant_id, s.order_id)}#${s.line_no}`, s);
    const order = byKey.get(key(s.tenant_id, s.order_id));
    if (order?.status !== 'confirmed')
      fail(
        'G3',
        `order ${s.order_id} (${order?.status ?? 'unknown to POS Core'}) left stock: line ${s.line_no}, ${s.quantity} × ${s.product_id}`,
      );
    if (s.mode === 'strict' && s.on_hand_after + s.forced_before < 0)
      fail(
        'G3',
        `online (strict) sale of order ${s.order_id} drove ${s.product_id} to ${s.on_hand_after}, more than the ${s.forced_before} offline units before it`,
      );
  }
  const knownProducts = new Set(products.rows.map((p) => key(p.tenant_id, p.id)));
  for (const l of confirmedLines.rows) {
    const s = sold.get(`${key(l.tenant_id, l.order_id)}#${l.line_no}`);
    // A line of a product the catalogue does not know leaves no movement (Inventory records a discrepancy instead).
    if (!s && !knownProducts.has(key(l.tenant_id, l.product_id))) continue;
    if (!s) fail('G3', `confirmed order ${l.order_id} line ${l.line_no} (${l.quantity} × ${l.product_id}) never left stock`);
    else if (s.quantity !== l.quantity || s.product_id !== l.product_id) {
      fail(
        'G3',
        `confirmed order ${l.order_id} line ${l.line_no}: sold ${s.quantity} × ${s.product_id}, ordered ${l.quantity} × ${l.product_id}`,
      );
    }
  }
  await checkRefundInvariants(pools, fail);
  return violations;
}

/** Readable form of violations, for assertion messages. */
export function describeViolations(violations: readonly Violation[]): string {
  return violations.map((v) => `${v.guarantee}: ${v.message}`).join('\n');
}
