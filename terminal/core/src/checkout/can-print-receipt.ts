/** Which sales may have a receipt: only a sale the customer has in fact paid for. */
import type { SaleRecord } from '../outbox/outbox-record.ts';

/**
 * True for a confirmed sale, and for a cash sale on its way to the server (queued, sending, pending):
 * the cash changed hands, the sale is a fact (the receipt states its status, G4). A card sale gets one
 * only once confirmed (until then no money is known to have moved); a declined, rejected or cancelled
 * sale never does, nor one that needs a manager's attention.
 */
export function canPrintReceipt(sale: Pick<SaleRecord, 'kind' | 'status'>): boolean {
  if (sale.status === 'confirmed') return true;
  return sale.kind === 'cash' && (sale.status === 'queued' || sale.status === 'sending' || sale.status === 'pending');
}
