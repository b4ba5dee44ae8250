/** A sale's items in one line, with quantities: "2 × Espresso, 1 × Butter Croissant". */
import type { SaleRecord } from '@pos/till-core/outbox';

export function saleItemsText(sale: Pick<SaleRecord, 'order' | 'lineNames'>): string {
  return sale.order.lines.map((line, i) => `${line.quantity} × ${sale.lineNames[i] ?? line.productId}`).join(', ');
}
