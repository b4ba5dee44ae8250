/** Typed access to the till's key/value `meta` table. */
import type { StoreProfile } from '@pos/shared/store';
import type { OpenShift } from '../shift/open-shift-state.ts';
import type { TillDatabase } from './till-database.ts';

export interface MetaValues {
  /** Inventory's opaque catalogue cursor (`since=`). */
  catalogCursor: string;
  priceListVersion: number;
  /** When the catalogue was last confirmed up to date with Inventory (ISO time). */
  catalogSyncedAt: string;
  /** The next per-till sequence number to hand out (starts at 1, only grows). */
  nextSeq: number;
  /** The till's Lamport time. */
  lamport: number;
  /** When POS Core last answered a sync request (ISO time). */
  lastSyncAt: string;
  /** The currency the till's store sells in (ISO 4217), as POS Core answered it (`GET /v1/store`). */
  storeCurrency: string;
  /** The store's setting: a parked cart expires this many minutes after it was parked (`GET /v1/store`). */
  parkedCartExpiryMinutes: number;
  /** The store's pricing rules and discount cap, as POS Core answered them (`GET /v1/store`). */
  storePricing: NonNullable<StoreProfile['pricing']>;
  /** The staff member signed in at this till (staff/staff-session.ts); absent while no one is. */
  currentStaffId: string;
  /** The most this till may refund in cash for one refund while POS Core cannot be reached (minor units; `GET /v1/store`). */
  offlineRefundLimit: number;
  /** The cash difference a shift may close with without a manager's override (minor units; `GET /v1/store`). */
  shiftCloseTolerance: number;
  /** The till's open shift, or null (shift/open-shift-state.ts); written only with a shift record. */
  openShift: OpenShift | null;
  /** The number of the till's last Z report (0 or absent: none yet); written only with a shift-close. */
  lastZNumber: number;
}
export type MetaKey = keyof MetaValues;

export async function getMeta<K extends MetaKey>(db: TillDatabase, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export async function putMeta<K extends MetaKey>(db: TillDatabase, key: K, value: MetaValues[K]): Promise<void> {
  await db.meta.put({ key, value });
}

/** Several values in one request (for hot transactions such as recording a sale). Missing keys are absent. */
export async function getMetaValues<K extends MetaKey>(db: TillDatabase, keys: readonly K[]): Promise<Partial<Pick<MetaValues, K>>> {
  const rows = await db.meta.bulkGet([...keys]);
  return Object.fromEntries(rows.filter((row) => row !== undefined).map((row) => [row.key, row.value])) as Partial<Pick<MetaValues, K>>;
}

/** Several values in one request. */
export async function putMetaValues(db: TillDatabase, values: Partial<MetaValues>): Promise<void> {
  await db.meta.bulkPut(Object.entries(values).map(([key, value]) => ({ key, value })));
}
