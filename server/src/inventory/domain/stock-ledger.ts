/**
 * The stock a reservation transaction moves — the one way reserve, commit, settle, release and
 * expiry change products, whether for one order or for a batch of 500:
 *
 *   openStockLedger  locks the products (product-row.ts: product-id order, so writers never deadlock)
 *                    and keeps their running on_hand and reserved (stockLedger: over products the
 *                    caller locked itself)
 *   shortagesOf / hold / unhold / sell
 *                    change the running figures in memory, so the orders of one transaction see each
 *                    other in the order the caller takes them (sellLine: one rule per sold line)
 *   write            every discrepancy with its event (G3), then ONE statement for everything else:
 *                    the sale movements, the products' new figures, the catalogue change and its
 *                    events (recordStockChange, sent with the COMMIT) — whatever the number of
 *                    orders and lines
 *
 * Call write once per transaction: its catalogue change runs as the transaction's last statement
 * (catalog-change.ts).
 */
import type { Reservation } from '@pos/shared/reservation';
import type { PoolClient } from '../../common/db.ts';
import { recordStockChange } from './catalog-change.ts';
import { type NewDiscrepancy, recordDiscrepancies } from './discrepancies.ts';
import { lockProducts, type ProductRow } from './product-row.ts';
import type { ReservationLineRow } from './reservation-line.ts';
import { type SaleMovement, sellLine } from './sale-line.ts';

type Line = Pick<ReservationLineRow, 'line_no' | 'product_id' | 'quantity' | 'holds_stock'>;

export interface StockLedger {
  /** The locked products (deleted ones included; unknown ids absent). */
  readonly products: ReadonlyMap<string, ProductRow>;
  /** A strict order's shortages against the running stock: a product not offered (unknown or deleted) has 0 available. */
  shortagesOf(lines: readonly { productId: string; quantity: number }[]): Reservation['shortages'];
  /** The lines that hold stock take it: reserved += quantity. */
  hold(lines: readonly Line[]): void;
  /** A hold gives its stock back: reserved −= quantity (release, expiry). */
  unhold(lines: readonly Line[]): void;
  /** The order's lines leave stock (sellLine); `wasHeld`: the hold is still held, and gives its reservation back as the goods leave. */
  sell(orderId: string, lines: readonly Line[], wasHeld: boolean): void;
  /** Writes what changed; `correlationId`: the order behind the change (the events' correlation id), null for many. */
  write(correlationId: string | null): Promise<void>;
}

/** Quantities summed per product (an order may name a product on several lines). */
function perProduct(lines: readonly { productId: string; quantity: number }[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.productId, (sums.get(l.productId) ?? 0) + l.quantity);
  return sums;
}

export async function openStockLedger(tx: PoolClient, tenantId: string, productIds: Iterable<string>): Promise<StockLedger> {
  return stockLedger(tx, tenantId, await lockProducts(tx, tenantId, [...productIds]));
}

/** The ledger over products the caller already locked FOR UPDATE (lockProducts, lockReservedProducts). */
export function stockLedger(tx: PoolClient, tenantId: string, products: ReadonlyMap<string, ProductRow>): StockLedger {
  const onHand = new Map([...products].map(([id, p]) => [id, p.on_hand]));
  const reserved = new Map([...products].map(([id, p]) => [id, p.reserved]));
  const touched = new Set<string>();
  const movements: SaleMovement[] = [];
  const discrepancies: NewDiscrepancy[] = [];

  const addReserved = (lines: readonly Line[], sign: 1 | -1) => {
    for (const l of lines) {
      if (!l.holds_stock) continue;
      reserved.set(l.product_id, (reserved.get(l.product_id) ?? 0) + sign * l.quantity);
      touched.add(l.product_id);
    }
  };

  return {
    products,
    shortagesOf(lines) {
      const shortages: Reservation['shortages'] = [];
      for (const [productId, requested] of perProduct(lines)) {
        const p = products.get(productId);
        const available = p && p.deleted_at === null ? (onHand.get(productId) ?? 0) - (reserved.get(productId) ?? 0) : 0;
        if (requested > available) shortages.push({ productId, requested, available });
      }
      return shortages;
    },
    hold: (lines) => addReserved(lines, 1),
    unhold: (lines) => addReserved(lines, -1),
    sell(orderId, lines, wasHeld) {
      for (const line of lines) {
        const { movement, discrepancy } = sellLine(onHand, orderId, line);
        if (movement) {
          touched.add(line.product_id);
          movements.push(movement);
        }
        if (discrepancy) discrepancies.push(discrepancy);
      }
      // A held hold gives its reservation back as the sale leaves; an expired one already did.
      if (wasHeld) addReserved(lines, -1);
    },
    async write(correlationId) {
      await recordDiscrepancies(tx, tenantId, discrepancies);
      if (touched.size === 0) return;
      const figures = new Map([...touched].map((id) => [id, { onHand: onHand.get(id) ?? 0, reserved: reserved.get(id) ?? 0 }]));
      recordStockChange(tx, { tenantId, figures, movements, correlationId });
    },
  };
}
