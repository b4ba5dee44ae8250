/** Inventory's product and catalogue delta (DESIGN §4). */
import { z } from 'zod';
import { productId } from './order.ts';
import { cursorCodec, pageFields, pageQuery } from './page.ts';

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
  /**
   * Where this delta ends, also on the last page: pass it back as `since` later to get what changed
   * after it (the till keeps it between syncs). Opaque.
   */
  cursor: z.string(),
  /** The store's price-list version: a till records it with each sale. */
  priceListVersion: z.number().int(),
  /** Paging as every list (page.ts): `nextCursor` is null and `hasMore` false once the delta is complete. */
  ...pageFields,
});
export type CatalogDelta = z.infer<typeof catalogDelta>;

const MAX_VERSION = 9_223_372_036_854_775_807n; // PostgreSQL bigint
/** A catalogue version, as `since` carries it: a decimal string within PostgreSQL's bigint. */
const catalogVersion = z
  .string()
  .regex(/^\d{1,19}$/, 'must be a cursor returned by this endpoint')
  .refine((v) => !/^\d+$/.test(v) || BigInt(v) <= MAX_VERSION, 'must be a cursor returned by this endpoint');

/** How many products a delta page holds when the request names no `limit`. */
export const DEFAULT_CATALOG_PAGE = 500;

/** Cursors of the catalogue delta's pages: the version the page ended at. */
export const catalogCursor = cursorCodec('products', catalogVersion);

/** `since`: what changed after a delta's `cursor`; `cursor`: the next page of a delta. Not both. */
export const catalogQuery = pageQuery(
  catalogCursor,
  { since: catalogVersion.optional() },
  { startAfter: 'since', defaultLimit: DEFAULT_CATALOG_PAGE },
);
