/**
 * How often each sale's receipt has been printed on this till: the first print is the customer's
 * receipt, every later one a COPY. A print counts once the platform says it printed (a cancelled or
 * failed print leaves the next one the original).
 */
import type { TillDatabase } from '../db/till-database.ts';

export interface ReceiptPrint {
  saleId: string;
  count: number;
  lastPrintedAt: string;
}

/** True when the sale's receipt was printed before (the next print is a copy). */
export async function wasPrinted(db: TillDatabase, saleId: string): Promise<boolean> {
  return ((await db.receiptPrints.get(saleId))?.count ?? 0) > 0;
}

/** Counts one successful print of the sale's receipt. */
export async function countPrint(db: TillDatabase, saleId: string, now: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.receiptPrints, async () => {
    const count = ((await db.receiptPrints.get(saleId))?.count ?? 0) + 1;
    await db.receiptPrints.put({ saleId, count, lastPrintedAt: now.toISOString() });
  });
}
