/** Inventory's product and catalogue delta (DESIGN §4). */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { productId } from './order.ts';

export const product = z.object({
  id: productId,
  sku: z.string(),
  barcode: z.string(),
  name: z.string(),
  category: z.string(),
  price: z.number().int(),
  taxRateBps: z.number().int(),
  onHand: z.number().int(),
  reserved: z.number().int(),
  available: z.number().int(),
  /** Where the kitchen prepares it (e.g. "kitchen", "bar"); null: nothing to prepare. Optional for older servers. */
  kitchenStation: z.string().nullable().optional(),
  /** The store is alerted when `available` falls to this or below; null: no alert. Optional for older servers. */
  lowStockThreshold: z.number().int().nullable().optional(),
  /** Monotonic per store: the catalogue cursor is the highest version a client has seen. */
  version: z.number().int(),
});
export type Product = z.infer<typeof product>;

export const catalogDelta = z.object({
  products: z.array(product),
  /** Ids of products removed since the cursor (tombstones). */
  deleted: z.array(z.string()),
  /** Opaque; pass it back as `since` to get what changed after this page. */
  cursor: z.string(),
  /** True when more changes wait after this page. */
  hasMore: z.boolean(),
  /** The store's price-list version: a till records it with each sale. */
  priceListVersion: z.number().int(),
});
export type CatalogDelta = z.infer<typeof catalogDelta>;

export const catalogQuery = z.strictObject({
  since: z
    .string()
    .regex(/^\d{1,19}$/, 'must be a cursor returned by this endpoint')
    .optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.maxPageSize).optional(),
});
