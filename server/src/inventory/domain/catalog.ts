/**
 * The catalogue: the delta a till syncs from, single products, and the manager's edits
 * (upsert and tombstone). Stock levels travel with each product.
 */
import { type CatalogDelta, catalogCursor, type Product } from '@pos/shared/product';
import { PG_ERRORS, type Pool, pgErrorCode, type Queryable, withTransaction } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { recordCatalogChange } from './catalog-change.ts';
import { lockProducts, PRODUCT_COLUMNS, type ProductRow, toProduct } from './product-row.ts';

async function priceListVersion(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ price_list_version: number }>('SELECT price_list_version FROM catalog_versions WHERE tenant_id = $1', [
    tenantId,
  ]);
  return rows[0]?.price_list_version ?? 0;
}

/**
 * What changed after cursor `since` (a catalogue version; "0" = everything), oldest change first.
 * Live products go to `products`, tombstoned ones to `deleted`. One transaction stamps all its
 * products with one version, so a page never ends inside a version: the products of that version
 * move to the next page, or — when they alone exceed the limit — fill this page together.
 * Read in one snapshot so the page and the price-list version agree.
 *
 * Every read says `version > 0` (always true of a committed product) so that it can use the partial
 * catalogue index (migrations/005), which lookups by id cannot.
 */
export async function readCatalogDelta(pool: Pool, tenantId: string, since: string, limit: number): Promise<CatalogDelta> {
  return withTransaction(
    pool,
    async (tx) => {
      const { rows } = await tx.query<ProductRow>(
        `SELECT ${PRODUCT_COLUMNS} FROM products WHERE tenant_id = $1 AND version > 0 AND version > $2::bigint ORDER BY version, id LIMIT $3`,
        [tenantId, since, limit + 1],
      );
      let page = rows;
      let hasMore = rows.length > limit;
      if (hasMore) {
        const firstLeftOut = rows[limit]!.version;
        page = rows.slice(0, limit).filter((r) => r.version !== firstLeftOut);
        if (page.length === 0) {
          page = (
            await tx.query<ProductRow>(
              `SELECT ${PRODUCT_COLUMNS} FROM products WHERE tenant_id = $1 AND version > 0 AND version = $2 ORDER BY id`,
              [tenantId, firstLeftOut],
            )
          ).rows;
          const later = await tx.query('SELECT 1 FROM products WHERE tenant_id = $1 AND version > 0 AND version > $2 LIMIT 1', [
            tenantId,
            firstLeftOut,
          ]);
          hasMore = later.rowCount === 1;
        }
      }
      const last = page.at(-1);
      return {
        products: page.filter((r) => r.deleted_at === null).map(toProduct),
        deleted: page.filter((r) => r.deleted_at !== null).map((r) => r.id),
        cursor: last ? String(last.version) : since,
        priceListVersion: await priceListVersion(tx, tenantId),
        nextCursor: hasMore && last ? catalogCursor.encode(String(last.version)) : null,
        hasMore,
      };
    },
    { isolation: 'repeatable read' },
  );
}

/** A live product of the tenant, or null (unknown, tombstoned, or another tenant's). */
export async function findProduct(db: Queryable, tenantId: string, id: string): Promise<Product | null> {
  const { rows } = await db.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products WHERE tenant_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [tenantId, id],
  );
  return rows[0] ? toProduct(rows[0]) : null;
}

/** What a manager may set on a product; stock moves only through stock movements and sales. */
export interface ProductInput {
  id: string;
  sku: string;
  barcode: string;
  name: string;
  category: string;
  price: number;
  taxRateBps: number;
  /** Where the kitchen prepares it; absent or null: nothing to prepare. */
  kitchenStation?: string | null | undefined;
  /** Alert the store when available stock falls to this or below; absent or null: no alert. */
  lowStockThreshold?: number | null | undefined;
}

const sameDescription = (row: ProductRow, input: ProductInput) =>
  row.sku === input.sku &&
  row.barcode === input.barcode &&
  row.name === input.name &&
  row.category === input.category &&
  row.kitchen_station === (input.kitchenStation ?? null) &&
  row.low_stock_threshold === (input.lowStockThreshold ?? null);

/** A SKU or barcode already used by another product of the store is a 409, not a crash. */
function duplicateAsConflict(error: unknown): never {
  if (pgErrorCode(error) === PG_ERRORS.uniqueViolation) {
    const constraint = String((error as { constraint?: unknown }).constraint ?? '');
    const field = constraint.includes('barcode') ? 'barcode' : constraint.includes('sku') ? 'SKU' : 'id';
    throw problems.conflict(`Another product of this store already has this ${field}.`);
  }
  throw error;
}

/**
 * Creates the product or changes its description, price or tax rate; an upsert of a tombstoned id
 * brings the product back. The version moves only when something changed; the price-list version
 * moves when a price or tax rate did (a new or revived product adds a price too).
 */
export async function upsertProduct(tx: Queryable, tenantId: string, input: ProductInput): Promise<{ product: Product; created: boolean }> {
  const current = (await lockProducts(tx, tenantId, [input.id])).get(input.id);
  if (
    current &&
    current.deleted_at === null &&
    sameDescription(current, input) &&
    current.price === input.price &&
    current.tax_rate_bps === input.taxRateBps
  ) {
    return { product: toProduct(current), created: false };
  }
  const values = [
    tenantId,
    input.id,
    input.sku,
    input.barcode,
    input.name,
    input.category,
    input.price,
    input.taxRateBps,
    input.kitchenStation ?? null,
    input.lowStockThreshold ?? null,
  ];
  try {
    if (current) {
      await tx.query(
        `UPDATE products SET sku = $3, barcode = $4, name = $5, category = $6, price = $7, tax_rate_bps = $8, kitchen_station = $9, low_stock_threshold = $10, deleted_at = NULL
          WHERE tenant_id = $1 AND id = $2`,
        values,
      );
    } else {
      await tx.query(
        `INSERT INTO products (tenant_id, id, sku, barcode, name, category, price, tax_rate_bps, kitchen_station, low_stock_threshold)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        values,
      );
    }
  } catch (error) {
    duplicateAsConflict(error);
  }
  const priceChanged =
    !current || current.deleted_at !== null || current.price !== input.price || current.tax_rate_bps !== input.taxRateBps;
  const changed = await recordCatalogChange(tx, { tenantId, productIds: [input.id], event: 'product.changed', priceChanged });
  return { product: changed.get(input.id)!, created: !current };
}

/** Tombstones a product: it leaves the catalogue (and reaches tills as `deleted`), its history stays. */
export async function deleteProduct(tx: Queryable, tenantId: string, id: string): Promise<{ id: string; deleted: true; version: number }> {
  const current = (await lockProducts(tx, tenantId, [id])).get(id);
  if (!current) throw problems.notFound('product');
  if (current.deleted_at !== null) return { id, deleted: true, version: current.version };
  await tx.query('UPDATE products SET deleted_at = now() WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
  const changed = await recordCatalogChange(tx, { tenantId, productIds: [id], event: 'product.deleted' });
  return { id, deleted: true, version: changed.get(id)!.version };
}
