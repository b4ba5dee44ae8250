/** One record and the newest records, kept current for the screens (coalesced like every sales figure, watch-sales.ts). */
import type { TillDatabase } from '../db/till-database.ts';
import type { OutboxRecord, SaleRecord } from './outbox-record.ts';
import { getRecord, getSale, recentRecords, recentSales } from './read-sales.ts';
import { watchSales } from './watch-sales.ts';

/** Starts watching one sale (undefined while it does not exist); returns the function that stops it. */
export function watchSale(db: TillDatabase, id: string, onValue: (sale: SaleRecord | undefined) => void): () => void {
  return watchSales(db, () => getSale(db, id), onValue);
}

/** Starts watching the newest `limit` sales, newest first; returns the function that stops it. */
export function watchRecentSales(db: TillDatabase, limit: number, onValue: (sales: SaleRecord[]) => void): () => void {
  return watchSales(db, () => recentSales(db, limit), onValue);
}

/** Starts watching one record of any kind (a refund's result); returns the function that stops it. */
export function watchRecord(db: TillDatabase, id: string, onValue: (record: OutboxRecord | undefined) => void): () => void {
  return watchSales(db, () => getRecord(db, id), onValue);
}

/** Starts watching the newest `limit` records of any kind, newest first; returns the function that stops it. */
export function watchRecentRecords(db: TillDatabase, limit: number, onValue: (records: OutboxRecord[]) => void): () => void {
  return watchSales(db, () => recentRecords(db, limit), onValue);
}
