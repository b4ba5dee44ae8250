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
import { lamport } from '../../common/clock.ts';
import { type PoolClient, type Queryable, queryAtCommit } from '../../common/db.ts';
import { appendEvents } from '../../common/outbox.ts';
import { PRODUCT_COLUMNS, type ProductRow, toProduct } from './product-row.ts';
import type { SaleMovement } from './sale-line.ts';

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

/** A product's new stock figures, as a stock change writes them. */
export interface StockFigures {
  onHand: number;
  reserved: number;
}

/**
 * recordCatalogChange for a change of stock figures (hold, commit, settle, release, expiry), in ONE
 * statement: the tenant's counter bump, the products' new on_hand / reserved stamped with the new
 * version (one row version per product, not two), the sale movements, and a `stock.changed` event
 * per product built from the row as written. Same contract as recordCatalogChange (products locked
 * before; its xid taken before the events draw their outbox ids: the events are selected from the
 * UPDATE's rows). The statement is queued to run with the transaction's COMMIT (queryAtCommit), so
 * it is the last statement whatever the caller writes after it, and the tenant's counter lock is
 * held for that statement and the commit only: at a checkout's rate every stock change of a store
 * queues on that lock, and a round trip to a busy service inside it would be paid by all of them.
 */
export function recordStockChange(
  tx: PoolClient,
  change: {
    tenantId: string;
    figures: ReadonlyMap<string, StockFigures>;
    movements: readonly SaleMovement[];
    correlationId: string | null;
  },
): void {
  const ids = [...change.figures.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (ids.length === 0) return;
  const { movements } = change;
  queryAtCommit(
    tx,
    `WITH bumped AS (
       INSERT INTO catalog_versions AS cv (tenant_id, version, price_list_version) VALUES ($1, 1, 0)
       ON CONFLICT (tenant_id) DO UPDATE SET version = cv.version + 1
       RETURNING version AS new_version
     ), updated AS (
       -- "= ANY($2)" repeats the join for the planner: it probes the primary key per id (see stock-ledger.ts).
       UPDATE products p SET on_hand = d.on_hand, reserved = d.reserved, version = bumped.new_version, updated_at = now()
         FROM bumped, unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[]) AS d(id, on_hand, reserved, lamport)
        WHERE p.tenant_id = $1 AND p.id = ANY($2::text[]) AND p.id = d.id
       RETURNING p.id, p.on_hand, p.reserved, p.version, d.lamport
     ), moved AS (
       INSERT INTO stock_movements (tenant_id, product_id, kind, quantity, on_hand_after, reason, order_id, line_no)
       SELECT $1, m.product_id, 'sale', -m.quantity, m.on_hand_after, 'sale', m.order_id, m.line_no
         FROM unnest($7::text[], $8::bigint[], $9::bigint[], $10::text[], $11::int[]) AS m(product_id, quantity, on_hand_after, order_id, line_no)
     )
     INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
     SELECT $1, 'stock.changed', $6::text, u.lamport,
            jsonb_build_object('productId', u.id, 'onHand', u.on_hand, 'reserved', u.reserved, 'available', u.on_hand - u.reserved,
                               'version', u.version)
       FROM updated u ORDER BY u.id COLLATE "C"`,
    [
      change.tenantId,
      ids,
      ids.map((id) => change.figures.get(id)?.onHand),
      ids.map((id) => change.figures.get(id)?.reserved),
      ids.map(() => lamport.tick()),
      change.correlationId,
      movements.map((m) => m.productId),
      movements.map((m) => m.quantity),
      movements.map((m) => m.onHandAfter),
      movements.map((m) => m.orderId),
      movements.map((m) => m.lineNo),
    ],
  );
}
