/**
 * "No sale": opening the cash drawer without a sale. A till's drawer hangs off its receipt printer's
 * drawer port, so opening it is the ESC/POS drawer pulse (ESC p) sent to the network printer, through
 * the same bridge a receipt prints through. With the system printer the till cannot reach a drawer, and
 * says so rather than pretend. Whether the member may do it alone is the staff policy's (no_sale); the
 * opening is recorded first (shift/record-no-sale.ts `noSale`).
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import type { PrintTarget } from './print-sale-receipt.ts';

export type DrawerOpening = { opened: true } | { opened: false; reason: 'no-network-printer' | 'printer-unreachable' };

/** The drawer pulse: ESC p on the first drawer pin. */
export function cashDrawerPulse(): Uint8Array {
  return new ReceiptPrinterEncoder({ language: 'esc-pos', printerModel: 'epson-tm-t88vi' }).pulse().encode();
}

/** Whether the till has a drawer it can open: one on a network receipt printer. */
export const drawerConnected = (config: PrintTarget['config']): boolean => config.printer?.kind === 'network';

export async function openCashDrawer(target: Pick<PrintTarget, 'bridge' | 'config'>): Promise<DrawerOpening> {
  if (!drawerConnected(target.config)) return { opened: false, reason: 'no-network-printer' };
  return (await target.bridge.printEscPos(cashDrawerPulse())) ? { opened: true } : { opened: false, reason: 'printer-unreachable' };
}
