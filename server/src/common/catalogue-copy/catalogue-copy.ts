/**
 * A consumer's copy of the catalogue (the kitchen's stations and names, the notification service's
 * names, thresholds and stock levels), kept from Inventory's product.changed and stock.changed events
 * on the event bus. Each part keeps the catalogue version it came from and only a newer version
 * replaces it: events of one product may be handled out of order (consumer-group members, takeovers)
 * and the copy still ends at the newest state.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BusEvent } from '../bus/bus-event.ts';
import type { Queryable } from '../db.ts';

export const CATALOGUE_COPY_MIGRATIONS = { name: 'catalogue-copy', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

const productChanged = z.object({
  product: z.object({
    id: z.string(),
    name: z.string(),
    available: z.number().int(),
    version: z.number().int(),
    kitchenStation: z.string().nullable().optional(),
    lowStockThreshold: z.number().int().nullable().optional(),
  }),
});
const stockChanged = z.object({ productId: z.string(), available: z.number().int(), version: z.number().int() });

export interface StockLevelChange {
  productId: string;
  name: string | null;
  lowStockThreshold: number | null;
  /** The level before this event (null: first known). */
  before: number | null;
  after: number;
}

/**
 * Applies a product.changed or stock.changed event (other events: nothing). Returns the stock level
 * change it made, or null when it changed no level (older than the copy, or not a stock event).
 */
export async function applyCatalogueEvent(tx: Queryable, event: BusEvent): Promise<StockLevelChange | null> {
  let productId: string;
  let available: number;
  let version: number;
  if (event.type === 'product.changed') {
    const parsed = productChanged.safeParse(event.data);
    if (!parsed.success) return null;
    const p = parsed.data.product;
    ({ id: productId, available, version } = p);
    await tx.query(
      `INSERT INTO catalogue_copy AS c (tenant_id, product_id, name, kitchen_station, low_stock_threshold, described_version)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (tenant_id, product_id) DO UPDATE SET name = EXCLUDED.name, kitchen_station = EXCLUDED.kitchen_station,
         low_stock_threshold = EXCLUDED.low_stock_threshold, described_version = EXCLUDED.described_version
        WHERE c.described_version < EXCLUDED.described_version`,
      [event.tenantId, productId, p.name, p.kitchenStation ?? null, p.lowStockThreshold ?? null, version],
    );
  } else if (event.type === 'stock.changed') {
    const parsed = stockChanged.safeParse(event.data);
    if (!parsed.success) return null;
    ({ productId, available, version } = parsed.data);
  } else {
    return null;
  }
  // The level before, read under the row lock (concurrent members of a group serialize here), then the new one.
  const old = await tx.query<{ available: number | null }>(
    'SELECT available FROM catalogue_copy WHERE tenant_id = $1 AND product_id = $2 FOR UPDATE',
    [event.tenantId, productId],
  );
  const { rows } = await tx.query<{ name: string | null; low_stock_threshold: number | null }>(
    `INSERT INTO catalogue_copy AS c (tenant_id, product_id, available, stock_version) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, product_id) DO UPDATE SET available = EXCLUDED.available, stock_version = EXCLUDED.stock_version
      WHERE c.stock_version < EXCLUDED.stock_version
     RETURNING name, low_stock_threshold`,
    [event.tenantId, productId, available, version],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    productId,
    name: row.name,
    lowStockThreshold: row.low_stock_threshold,
    before: old.rows[0]?.available ?? null,
    after: available,
  };
}
