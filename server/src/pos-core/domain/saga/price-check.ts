/**
 * The till's prices against the catalogue's (issue: a till selling from a stale catalogue).
 *
 * The sale is kept at the till's prices, with the price-list version the till used: the customer
 * paid them, so a difference is recorded, never refused. Inventory answers each reservation line
 * with its product's catalogue price at the moment it locked the product to reserve it
 * (shared/src/reservation.ts, reservationLine); POS Core records that price on the order line
 * (`order_lines.catalog_price`, whenever the catalogue knows the product, equal or not) and, when
 * any line's till price differs, ONE `order.price_mismatch` event in the same transaction as the
 * state change that took the stock (per-step saga: → reserved; bulk cash settlement: → reserved → done,
 * the mismatch between the two).
 */
import type { ReservationLine } from '@pos/shared/reservation';
import type { Queryable } from '../../../common/db.ts';
import type { NewEvent } from '../../../common/outbox.ts';

/** An order line as the till priced it. */
export interface TillLine {
  lineNo: number;
  productId: string;
  unitPrice: number;
}

export interface PriceMismatchLine {
  lineNo: number;
  productId: string;
  tillPrice: number;
  catalogPrice: number;
}

/** The `order.price_mismatch` event's data. */
export interface PriceMismatch {
  lines: PriceMismatchLine[];
  priceListVersion: number;
}

export interface PriceCheck {
  /** Per order line, the catalogue's price (null: the catalogue does not offer the product). */
  catalogPrices: { lineNo: number; catalogPrice: number | null }[];
  /** Null when every price the catalogue knows equals the till's. */
  mismatch: PriceMismatch | null;
}

/** Compares the till's lines with the catalogue prices Inventory answered for them. */
export function checkPrices(till: readonly TillLine[], reserved: readonly ReservationLine[], priceListVersion: number): PriceCheck {
  const catalogue = new Map(reserved.map((l) => [l.lineNo, l.price ?? null]));
  const catalogPrices = till.map((l) => ({ lineNo: l.lineNo, catalogPrice: catalogue.get(l.lineNo) ?? null }));
  const lines: PriceMismatchLine[] = [];
  for (const [i, l] of till.entries()) {
    const catalogPrice = catalogPrices[i]?.catalogPrice ?? null;
    if (catalogPrice !== null && catalogPrice !== l.unitPrice) {
      lines.push({ lineNo: l.lineNo, productId: l.productId, tillPrice: l.unitPrice, catalogPrice });
    }
  }
  return { catalogPrices, mismatch: lines.length > 0 ? { lines, priceListVersion } : null };
}

/**
 * Records the price checks of many orders in the caller's transaction: each line's catalogue price
 * (one statement). Returns the `order.price_mismatch` events to append, one per order whose till
 * prices differ, for the caller to place among the orders' other events.
 */
export async function recordPriceChecks(
  tx: Queryable,
  tenantId: string,
  checks: readonly { orderId: string; check: PriceCheck }[],
): Promise<NewEvent[]> {
  const lines = checks.flatMap(({ orderId, check }) => check.catalogPrices.map((p) => ({ orderId, ...p })));
  if (lines.length > 0) {
    // `= ANY($2)` repeats the join for the planner: it probes the primary key per id instead of hashing the
    // unnest and scanning the store's rows (the plan it chose with stale statistics: O(table) per batch).
    await tx.query(
      `UPDATE order_lines l SET catalog_price = p.catalog_price
         FROM unnest($2::text[], $3::int[], $4::bigint[]) AS p(order_id, line_no, catalog_price)
        WHERE l.tenant_id = $1 AND l.order_id = ANY($2::text[]) AND l.order_id = p.order_id AND l.line_no = p.line_no`,
      [tenantId, lines.map((l) => l.orderId), lines.map((l) => l.lineNo), lines.map((l) => l.catalogPrice)],
    );
  }
  return checks.flatMap(({ orderId, check }) =>
    check.mismatch ? [{ tenantId, type: 'order.price_mismatch' as const, correlationId: orderId, data: { ...check.mismatch } }] : [],
  );
}
