/**
 * A reservation line as stored (`reservation_lines`) and as answered, shared by the per-order
 * reserve and the bulk settle (place-reservations.ts). Each line records the
 * product's catalogue price and tax rate as they stood when the stock was taken, read under the
 * product's row lock; null for a product the catalogue does not offer (unknown or deleted).
 */
import type { ReservationLine } from '@pos/shared/reservation';
import type { ProductRow } from './product-row.ts';

export interface ReservationLineRow {
  line_no: number;
  product_id: string;
  quantity: number;
  holds_stock: boolean;
  catalog_price: number | null;
  catalog_tax_rate_bps: number | null;
}

export const toReservationLine = (l: ReservationLineRow): ReservationLine => ({
  lineNo: l.line_no,
  productId: l.product_id,
  quantity: l.quantity,
  price: l.catalog_price,
  taxRateBps: l.catalog_tax_rate_bps,
});

/**
 * The rows of an order's lines, in line order. `holds` says whether the order takes stock at all
 * (held or committed); a line holds stock only for a product that exists.
 */
export function reservationLineRows(
  lines: readonly { lineNo: number; productId: string; quantity: number }[],
  lockedProducts: ReadonlyMap<string, ProductRow>,
  holds: boolean,
): ReservationLineRow[] {
  return [...lines]
    .sort((a, b) => a.lineNo - b.lineNo)
    .map((l) => {
      const offered = lockedProducts.get(l.productId);
      const listed = offered && offered.deleted_at === null ? offered : null;
      return {
        line_no: l.lineNo,
        product_id: l.productId,
        quantity: l.quantity,
        holds_stock: holds && offered !== undefined,
        catalog_price: listed ? listed.price : null,
        catalog_tax_rate_bps: listed ? listed.tax_rate_bps : null,
      };
    });
}
