/**
 * Printing a sale's receipt on the till's configured printer: the one receipt (receipt.ts) rendered as
 * HTML for the system printer or as ESC/POS bytes for a network printer, marked COPY when this till
 * printed it before. Only a sale that may have a receipt is printed (checkout/can-print-receipt.ts).
 */
import { canPrintReceipt } from '../checkout/can-print-receipt.ts';
import type { TillDatabase } from '../db/till-database.ts';
import type { RefundRecord, SaleRecord } from '../outbox/outbox-record.ts';
import type { TillBridge, TillConfig } from '../platform/bridge.ts';
import { buildReceipt } from './receipt.ts';
import { receiptEscPos } from './receipt-escpos.ts';
import { receiptHtml } from './receipt-html.ts';
import { countPrint, wasPrinted } from './receipt-prints.ts';

/** What printing needs of the till (a running till is one). */
export interface PrintTarget {
  db: TillDatabase;
  bridge: Pick<TillBridge, 'printReceipt' | 'printEscPos'>;
  config: Pick<TillConfig, 'printer'>;
}

/**
 * Resolves true once it printed (and counted the print); false when printing was cancelled or failed.
 * `refunds`: the till's refunds of the sale, listed on the receipt.
 */
export async function printSaleReceipt(target: PrintTarget, sale: SaleRecord, refunds: readonly RefundRecord[] = []): Promise<boolean> {
  if (!canPrintReceipt(sale)) throw new Error(`sale ${sale.id} (${sale.kind}, ${sale.status}) has no receipt`);
  const receipt = buildReceipt(sale, { copy: await wasPrinted(target.db, sale.id), refunds });
  const printed =
    target.config.printer?.kind === 'network'
      ? await target.bridge.printEscPos(receiptEscPos(receipt))
      : await target.bridge.printReceipt(receiptHtml(receipt));
  if (printed) await countPrint(target.db, sale.id);
  return printed;
}
