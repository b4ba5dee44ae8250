/** How many sales the till holds in each status (index counts: cheap at any queue length). */
import type { TillDatabase } from '../db/till-database.ts';
import { SALE_STATUSES, type SaleStatus } from './outbox-record.ts';

export type SaleCounts = Record<SaleStatus, number>;

export async function countSales(db: TillDatabase): Promise<SaleCounts> {
  const counts = await Promise.all(SALE_STATUSES.map((s) => db.sales.where('status').equals(s).count()));
  return Object.fromEntries(SALE_STATUSES.map((s, i) => [s, counts[i] ?? 0])) as SaleCounts;
}
