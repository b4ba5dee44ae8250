/** Reads of the outbox for the screens, the checkout, export and the catalogue's local stock view. */
import Dexie from 'dexie';
import type { TillDatabase } from '../db/till-database.ts';
import {
  isSale,
  type OutboxRecord,
  type SaleRecord,
  type SaleStatus,
  SERVER_FINAL_STATUSES,
  terminalOf,
  UNSYNCED_STATUSES,
} from './outbox-record.ts';

/** The sale with this id (undefined when none, or when the record with this id is of another kind). */
export async function getSale(db: TillDatabase, id: string): Promise<SaleRecord | undefined> {
  const record = await db.sales.get(id);
  return record && isSale(record) ? record : undefined;
}

/** One record of any kind (a sale, a refund, a drawer or staff record), or undefined. */
export function getRecord(db: TillDatabase, id: string): Promise<OutboxRecord | undefined> {
  return db.sales.get(id);
}

/** The newest `limit` records of any kind, newest first (the Orders screen shows sales with their refunds). */
export function recentRecords(db: TillDatabase, limit: number): Promise<OutboxRecord[]> {
  return db.sales.orderBy('createdAt').reverse().limit(limit).toArray();
}

/** The newest `limit` sales, newest first. */
export async function recentSales(db: TillDatabase, limit: number): Promise<SaleRecord[]> {
  return (await db.sales.orderBy('createdAt').reverse().filter(isSale).limit(limit).toArray()).filter(isSale);
}

/** Every sale the server does not hold as final (queued, sending, pending, needs attention), in no particular order. */
export async function unsyncedSales(db: TillDatabase): Promise<SaleRecord[]> {
  return (
    await db.sales
      .where('status')
      .anyOf([...UNSYNCED_STATUSES])
      .toArray()
  ).filter(isSale);
}

/** Every sale the server does not have yet (queued or sending). */
export async function unsentSales(db: TillDatabase): Promise<SaleRecord[]> {
  return (await db.sales.where('status').anyOf('queued', 'sending').toArray()).filter(isSale);
}

/** The records with these ids (undefined where none), in the same order. */
export async function salesById(db: TillDatabase, ids: readonly string[]): Promise<(OutboxRecord | undefined)[]> {
  return db.sales.bulkGet([...ids]);
}

/** How many records the server does not hold as final: they are kept locally whatever happens to the token. */
export async function countUnsyncedSales(db: TillDatabase): Promise<number> {
  return db.sales.filter((sale) => !SERVER_FINAL_STATUSES.includes(sale.status)).count();
}

/** Every record this till holds, in seq order. */
export async function allSales(db: TillDatabase): Promise<OutboxRecord[]> {
  return db.sales.orderBy('seq').toArray();
}

/** Statuses of a record the server has acknowledged (recorded). */
const ACKNOWLEDGED: readonly SaleStatus[] = ['pending', 'confirmed', 'declined', 'rejected', 'cancelled'];

/** The highest sequence number of this till that the server acknowledged (null before the first): index lookups only. */
export async function lastAcknowledgedSeq(db: TillDatabase, terminalId: string): Promise<number | null> {
  const newest = await Promise.all(
    ACKNOWLEDGED.map((status) =>
      db.sales
        .where('[status+seq]')
        .between([status, Dexie.minKey], [status, Dexie.maxKey], true, true)
        .reverse()
        .filter((s) => terminalOf(s) === terminalId)
        .first(),
    ),
  );
  const seqs = newest.filter((s) => s !== undefined).map((s) => s.seq);
  return seqs.length > 0 ? Math.max(...seqs) : null;
}

/** Up to `limit` records the server refused as they are (needs attention), with their reasons. */
export async function recordsNeedingAttention(db: TillDatabase, limit: number): Promise<OutboxRecord[]> {
  return db.sales.where('status').equals('needs_attention').limit(limit).toArray();
}
