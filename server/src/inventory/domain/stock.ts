/** Manager stock movements: goods received, and signed corrections after a count. */
import type { Product } from '@pos/shared/product';
import type { StockMovement } from '@pos/shared/reservation';
import type { Queryable } from '../../common/db.ts';
import { problems } from '../../common/problem.ts';
import { recordCatalogChange } from './catalog-change.ts';
import { lockProducts } from './product-row.ts';

/**
 * Applies a receipt (quantity > 0) or an adjustment (signed, non-zero; the caller validates both)
 * and records it in stock_movements. An adjustment states a counted level, so it may not take
 * stock below zero (409); only sales that already happened may do that (reservations.ts).
 */
/** `actor`: who made the movement (the manager credential's subject), recorded with it. */
export async function applyStockMovement(tx: Queryable, tenantId: string, movement: StockMovement, actor: string): Promise<Product> {
  const current = (await lockProducts(tx, tenantId, [movement.productId])).get(movement.productId);
  if (!current || current.deleted_at !== null) throw problems.notFound('product');
  const onHandAfter = current.on_hand + movement.quantity;
  if (movement.kind === 'adjustment' && onHandAfter < 0) {
    throw problems.conflict(`The adjustment would leave ${onHandAfter} on hand; a counted stock level cannot be negative.`);
  }
  await tx.query('UPDATE products SET on_hand = $3 WHERE tenant_id = $1 AND id = $2', [tenantId, movement.productId, onHandAfter]);
  await tx.query(
    `INSERT INTO stock_movements (tenant_id, product_id, kind, quantity, on_hand_after, reason, actor) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [tenantId, movement.productId, movement.kind, movement.quantity, onHandAfter, movement.reason, actor],
  );
  const changed = await recordCatalogChange(tx, { tenantId, productIds: [movement.productId], event: 'stock.changed' });
  return changed.get(movement.productId)!;
}
