/**
 * "No sale": opening the cash drawer without a sale. A till's drawer hangs off its receipt printer's
 * drawer port, so opening it is the ESC/POS drawer pulse (ESC p) sent to the network printer, through
 * the same bridge a receipt prints through. With the system printer the till cannot reach a drawer, and
 * says so rather than pretend. Whether the member may do it alone is the staff policy's (no_sale).
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrintTarget } from './print-sale-receipt.ts';

export type DrawerOpening = { opened: true } | { opened: false; reason: 'no-network-printer' | 'printer-unreachable' };

/** The drawer pulse: ESC p on the first drawer pin. */
export function cashDrawerPulse(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', printerModel: 'epson-tm-t88vi' }).pulse().encode();
}

export async function openCashDrawer(target: Pick<PrintTarget, 'bridge' | 'config'>): Promise<DrawerOpening> {
  if (target.config.printer?.kind !== 'network') return { opened: false, reason: 'no-network-printer' };
  return (await target.bridge.printEscPos(cashDrawerPulse())) ? { opened: true } : { opened: false, reason: 'printer-unreachable' };
}
