/**
 * What a barcode scanner read, classified: a receipt's order number (the QR code receipts carry,
 * receipt/order-number.ts) or a product code (EAN/UPC/GTIN, looked up in the catalogue by its barcode).
 */
import { scannedOrderId } from '../receipt/order-number.ts';

export type Scan = { kind: 'order'; orderId: string; code: string } | { kind: 'product'; code: string };

export function classifyScan(raw: string): Scan {
  const code = raw.trim();
  const orderId = scannedOrderId(code);
  return orderId ? { kind: 'order', orderId, code } : { kind: 'product', code };
}
