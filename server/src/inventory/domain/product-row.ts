/** A product row as stored, its wire form, and row locking in the one order every writer uses. */
import type { Product } from '@pos/shared/product';
import type { Queryable } from '../../common/db.ts';

export interface ProductRow {
  id: string;
  sku: string;
  barcode: string;
  name: string;
  category: string;
  price: number;
  tax_rate_bps: number;
  on_hand: number;
  reserved: number;
  version: number;
  kitchen_station: string | null;
  low_stock_threshold: number | null;
  deleted_at: Date | null;
}

export const PRODUCT_COLUMNS =
  'id, sku, barcode, name, category, price, tax_rate_bps, on_hand, reserved, version, kitchen_station, low_stock_threshold, deleted_at';

export const toProduct = (r: ProductRow): Product => ({
  id: r.id,
  sku: r.sku,
  barcode: r.barcode,
  name: r.name,
  category: r.category,
  price: r.price,
  taxRateBps: r.tax_rate_bps,
  onHand: r.on_hand,
  reserved: r.reserved,
  available: r.on_hand - r.reserved,
  kitchenStation: r.kitchen_station,
  lowStockThreshold: r.low_stock_threshold,
  version: r.version,
});

/**
 * Locks the named products (deleted ones included) FOR UPDATE, in product-id order. Every writer
 * locks products through here and only then bumps the catalogue counter, so two transactions
 * always take their locks in the same order and cannot deadlock. Unknown ids are simply absent.
 */
export async function lockProducts(tx: Queryable, tenantId: string, ids: readonly string[]): Promise<Map<string, ProductRow>> {
  const { rows } = await tx.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE tenant_id = $1 AND id = ANY($2::text[]) ORDER BY id COLLATE "C" FOR UPDATE`,
    [tenantId, [...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * lockProducts for the products of an order's reservation lines, read in the same statement — so the
 * locks can be asked for together with the reservation's own lock (pipelined, sent after it: the
 * reservation row is still locked first) without waiting for its lines. Same order, same rule.
 */
export async function lockReservedProducts(tx: Queryable, tenantId: string, orderId: string): Promise<Map<string, ProductRow>> {
  const { rows } = await tx.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products
      WHERE tenant_id = $1 AND id IN (SELECT product_id FROM reservation_lines WHERE tenant_id = $1 AND order_id = $2)
      ORDER BY id COLLATE "C" FOR UPDATE`,
    [tenantId, orderId],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
