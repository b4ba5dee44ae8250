/**
 * A figure about the till's sales (counts per status, units not yet sent…), kept current for the UI:
 * read once at the start and again after sales change (in this window or another — Dexie's
 * `storagemutated` event covers both).
 *
 * Why not `liveQuery(read)`: such reads grow with the sales (counting reads every sale's index entry),
 * and liveQuery re-reads after EVERY write to `sales`. A backlog drain writes twice per batch, so the
 * re-reads grew with the queue and dominated the drain. Here changes are coalesced: a change after a
 * quiet period is read at once (a recorded sale shows immediately); changes that follow are read
 * together, at most once per `minIntervalMs` and never more than ~20% of the time (the gap grows with
 * the time a read takes). The last change is always read (trailing edge), so the figure settles on the truth.
 */
import Dexie, { type ObservabilitySet } from 'dexie';
import type { TillDatabase } from '../db/till-database.ts';

/**
 * Starts watching; returns the function that stops it. `read` runs in one read transaction over
 * `sales` and `meta` (the counters written with the records, e.g. the open shift); `onValue` is never called after the stop.
 */
export function watchSales<T>(db: TillDatabase, read: () => Promise<T>, onValue: (value: T) => void, minIntervalMs = 100): () => void {
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
      const value = await db.transaction('r', db.sales, db.meta, read);
      if (!stopped) onValue(value);
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
