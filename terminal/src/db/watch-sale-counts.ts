/**
 * The till's sale counts per status, kept current for the UI: counted once at the start and again
 * after sales change (in this window or another — Dexie's `storagemutated` event covers both).
 *
 * Why not `liveQuery(countSales)`: counting reads every sale's index entry (O(sales)), and liveQuery
 * recounts after EVERY write to `sales`. A backlog drain writes twice per batch, so the recounts grew
 * with the queue and dominated the drain. Here changes are coalesced: a change after a quiet period
 * is counted at once (a recorded sale shows immediately); changes that follow are counted together,
 * at most once per `minIntervalMs` and never more than ~20% of the time (the gap grows with the time
 * a count takes). The last change is always counted (trailing edge), so the counts settle on the truth.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import { countSales, type SaleCounts } from './count-sales.ts';
import type { TillDatabase } from './till-database.ts';

/** Starts watching; returns the function that stops it. `onCounts` is never called after that. */
export function watchSaleCounts(db: TillDatabase, onCounts: (counts: SaleCounts) => void, minIntervalMs = 100): () => void {
  const salesPart = `idb://${db.name}/sales/`;
  let stopped = false;
  let running = false;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Earliest time the next count may start. */
  let notBefore = 0;

  const count = async () => {
    timer = null;
    if (stopped) return;
    running = true;
    dirty = false;
    const started = Date.now();
    try {
      const counts = await db.transaction('r', db.sales, () => countSales(db));
      if (!stopped) onCounts(counts);
    } catch {
      // The database was closed or deleted (reset, tests): nothing to show; a later change counts again.
    } finally {
      running = false;
      const took = Date.now() - started;
      notBefore = Date.now() + Math.max(minIntervalMs - took, 4 * took);
    }
    if (dirty) schedule();
  };

  const schedule = () => {
    if (stopped) return;
    if (running) {
      dirty = true;
      return;
    }
    if (timer !== null) return;
    timer = setTimeout(() => void count(), Math.max(0, notBefore - Date.now()));
  };

  const onMutated = (parts: ObservabilitySet) => {
    if (Object.keys(parts).some((part) => part.startsWith(salesPart))) schedule();
  };
  Dexie.on.storagemutated.subscribe(onMutated);
  schedule();
  return () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    Dexie.on.storagemutated.unsubscribe(onMutated);
  };
}
