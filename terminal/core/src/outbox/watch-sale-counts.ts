/** The till's sale counts per status and the age of its oldest unsent sale, kept current (see watch-sales.ts). */

import type { TillDatabase } from '../db/till-database.ts';
import { countSales, type SaleCounts } from './count-sales.ts';
import { oldestUnsentSaleAt } from './oldest-unsent-sale.ts';
import { watchSales } from './watch-sales.ts';

/** Starts watching; returns the function that stops it. `onCounts` is never called after that. */
export function watchSaleCounts(
  db: TillDatabase,
  onCounts: (counts: SaleCounts, oldestUnsentAt: string | null) => void,
  minIntervalMs = 100,
): () => void {
  return watchSales(
    db,
    () => Promise.all([countSales(db), oldestUnsentSaleAt(db)]),
    ([counts, oldest]) => onCounts(counts, oldest),
    minIntervalMs,
  );
}
