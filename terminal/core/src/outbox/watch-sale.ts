/** One record and the newest records, kept current for the screens (coalesced like every sales figure, watch-sales.ts). */
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleRecord } from './outbox-record.ts';
import { getSale, recentSales } from './read-sales.ts';
import { watchSales } from './watch-sales.ts';

/** Starts watching one sale (undefined while it does not exist); returns the function that stops it. */
export function watchSale(db: TillDatabase, id: string, onValue: (sale: SaleRecord | undefined) => void): () => void {
  return watchSales(db, () => getSale(db, id), onValue);
}

/** Starts watching the newest `limit` sales, newest first; returns the function that stops it. */
export function watchRecentSales(db: TillDatabase, limit: number, onValue: (sales: SaleRecord[]) => void): () => void {
  return watchSales(db, () => recentSales(db, limit), onValue);
}
