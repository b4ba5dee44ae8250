/**
 * Recording a catalogue change: the one way any transaction of Inventory finishes a change of
 * products (edit, tombstone, stock movement, hold, commit, release, expiry).
 *
 * Contract: call it after every write of the change, as the transaction's last catalogue
 * statement. It bumps the tenant's counter row (catalog_versions) and stamps the touched products
 * with the new version in ONE statement, then appends the outbox events. The counter's row lock,
 * held to commit, orders the commits of all changes of a tenant by version, so the catalogue cursor
 * (`version > since`) never skips a committed change even when transactions run concurrently (see
 * migrations/001_inventory.sql). Taking it last keeps that tenant-wide lock as short as possible;
 * product rows are always locked before it (product-row.ts), so no deadlock can form.
 */
import type { EventType } from '@pos/shared/event';
import type { Product } from '@pos/shared/product';
import type { Queryable } from '../../common/db.ts';
import { appendEvents } from '../../common/outbox.ts';
import { PRODUCT_COLUMNS, type ProductRow, toProduct } from './product-row.ts';

export interface CatalogChange {
  tenantId: string;
  productIds: readonly string[];
  /** The event each touched product gets. */
  event: Extract<EventType, 'stock.changed' | 'product.changed' | 'product.deleted'>;
  /** The order behind the change, if any: the events' correlation id. */
  correlationId?: string | null;
  /** A price or tax rate changed (or a priced product appeared): bumps the price-list version. */
  priceChanged?: boolean;
}

export async function recordCatalogChange(tx: Queryable, change: CatalogChange): Promise<Map<string, Product>> {
  const ids = [...new Set(change.productIds)];
  if (ids.length === 0) return new Map();
  const priceBump = change.priceChanged ? 1 : 0;
  const { rows } = await tx.query<ProductRow>(
    `WITH bumped AS (
       INSERT INTO catalog_versions AS cv (tenant_id, version, price_list_version) VALUES ($1, 1, $3)
       ON CONFLICT (tenant_id) DO UPDATE SET version = cv.version + 1, price_list_version = cv.price_list_version + $3
       RETURNING version AS new_version
     )
     UPDATE products SET version = bumped.new_version, updated_at = now() FROM bumped
      WHERE tenant_id = $1 AND id = ANY($2::text[])
     RETURNING ${PRODUCT_COLUMNS}`,
    [change.tenantId, ids, priceBump],
  );
  const products = new Map(rows.map((r) => [r.id, toProduct(r)]));
  // One statement for all the events (a batch settlement touches many products at once).
  await appendEvents(
    tx,
    [...products.values()]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((p) => ({
        tenantId: change.tenantId,
        type: change.event,
        correlationId: change.correlationId ?? null,
        data: eventData(change.event, p),
      })),
  );
  return products;
}

function eventData(type: CatalogChange['event'], p: Product): Record<string, unknown> {
  switch (type) {
    case 'stock.changed':
      return { productId: p.id, onHand: p.onHand, reserved: p.reserved, available: p.available, version: p.version };
    case 'product.changed':
      return { product: p };
    case 'product.deleted':
      return { productId: p.id, version: p.version };
  }
}
