/**
 * The scannable order number a receipt carries: the order's id (a lowercase uuid, as the till made it).
 * A scanner reading a receipt's QR code types it back; this tells such a scan from a product barcode.
 */
import { isUuid } from '@pos/shared/ids';

/** The order id a scanned code names, or null when it is no order number (scanners may send upper case). */
export function scannedOrderId(code: string): string | null {
  const id = code.trim().toLowerCase();
  return isUuid(id) ? id : null;
}
