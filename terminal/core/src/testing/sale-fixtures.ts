/** Test helpers that record real sales through the real checkout code. */

import type { CartState } from '../checkout/cart.ts';
import { recordCashSale } from '../checkout/record-cash-sale.ts';
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleRecord } from '../outbox/outbox-record.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { ensureOpenShift } from '../shift/ensure-open-shift.ts';
import type { OpenShift } from '../shift/open-shift-state.ts';

let terminalCounter = 0;
/** A fresh terminal id, so each test opens its own IndexedDB database. */
export const uniqueTerminalId = (label: string): string => `${label}-${process.pid}-${++terminalCounter}`;

export const oneItemCart = (price = 250, quantity = 1): CartState => ({
  lines: [{ productId: 'p-1', name: 'Espresso', unitPrice: price, taxRateBps: 1000, quantity }],
});

/** Records a cash sale, opening a shift first when none is open (selling needs one). */
export async function recordCash(
  db: TillDatabase,
  terminalId: string,
  cart: CartState = oneItemCart(),
  captureMode: 'online' | 'offline' = 'offline',
): Promise<SaleRecord> {
  const total = cart.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
  await ensureOpenShift(db, { terminalId, currency: 'EUR' });
  return recordCashSale(db, {
    cart,
    received: total + 50,
    context: { terminalId, currency: 'EUR', priceListVersion: 1, captureMode },
  });
}

/**
 * Opens the till's shift and settles its opening record as POS Core's answer would (confirmed): a till
 * that has been selling for a while, so tests about sales count only their sales.
 */
export async function openAcknowledgedShift(db: TillDatabase, terminalId: string): Promise<OpenShift> {
  const shift = await ensureOpenShift(db, { terminalId, currency: 'EUR' });
  await settleSale(db, shift.id, { status: 'confirmed' });
  return shift;
}
