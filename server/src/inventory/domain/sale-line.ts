/**
 * A committed order line leaves stock — the one rule of the stock ledger (stock-ledger.ts), whether
 * the sale is committed alone or settled in a batch:
 *
 *   known product    on_hand falls by the line's quantity (a 'sale' movement); below zero it is a
 *                    `negative_stock` discrepancy (an offline sale already happened: it is recorded, not refused)
 *   unknown product  nothing moves; an `unknown_product` discrepancy
 *
 * `onHand` is the running stock of the locked products, updated in place so that the lines of one
 * transaction see each other. The caller writes what this returns.
 */
import type { NewDiscrepancy } from './discrepancies.ts';

export interface SaleMovement {
  productId: string;
  orderId: string;
  lineNo: number;
  quantity: number;
  onHandAfter: number;
}

export interface SoldLine {
  movement: SaleMovement | null;
  discrepancy: NewDiscrepancy | null;
}

export function sellLine(
  onHand: Map<string, number>,
  orderId: string,
  line: { line_no: number; product_id: string; quantity: number },
): SoldLine {
  const facts = { productId: line.product_id, orderId, lineNo: line.line_no, quantity: line.quantity };
  const before = onHand.get(line.product_id);
  if (before === undefined) return { movement: null, discrepancy: { kind: 'unknown_product', ...facts, onHandAfter: null } };
  const after = before - line.quantity;
  onHand.set(line.product_id, after);
  return {
    movement: { ...facts, onHandAfter: after },
    discrepancy: after < 0 ? { kind: 'negative_stock', ...facts, onHandAfter: after } : null,
  };
}
