/**
 * The outbox relay of one process: numbers committed events (publishPending) without rescanning what
 * is known to be numbered.
 *
 * Every step remembers the highest id it numbered. An event with a lower id that was still invisible
 * then belongs to a transaction that was running at that moment (ids come from a sequence: a
 * transaction that starts later draws higher ids). So once `settleMs` has passed, the highest id of
 * that step is a floor for later steps — unless a transaction outlived `settleMs`. Such a straggler
 * is not lost: every `sweepMs` a step scans from the start (floor 0). An event is therefore numbered
 * by the first step after it commits, or, if its transaction ran longer than `settleMs`, by the next
 * sweep at the latest.
 *
 * Why: the partial index of unpublished events keeps a (dead) entry for every numbered event until
 * VACUUM runs, and autovacuum may come only once a minute. Scanning from the start made each step
 * O(events since VACUUM): under a long backlog drain the relay's cost grew with the backlog.
 */
import type { Pool } from './db.ts';
import { publishPending } from './outbox.ts';

export interface OutboxRelayOptions {
  batch?: number;
  settleMs?: number;
  sweepMs?: number;
  now?: () => number;
}

export interface OutboxRelay {
  /** One step; true when the batch was full (more may be waiting). */
  step(): Promise<boolean>;
}

export function createOutboxRelay(pool: Pool, options: OutboxRelayOptions = {}): OutboxRelay {
  const batch = options.batch ?? 1_000;
  const settleMs = options.settleMs ?? 1_000;
  const sweepMs = options.sweepMs ?? 2_000;
  const now = options.now ?? Date.now;
  /** Highest ids numbered by recent steps, oldest first, not yet old enough to be a floor. */
  let recent: { at: number; highestId: number }[] = [];
  let floor = 0;
  let lastSweep = Number.NEGATIVE_INFINITY;

  return {
    async step() {
      const started = now();
      while (recent.length > 0 && recent[0]!.at <= started - settleMs) floor = Math.max(floor, recent.shift()!.highestId);
      const sweep = started - lastSweep >= sweepMs;
      const { published, highestId } = await publishPending(pool, batch, sweep ? 0 : floor);
      if (sweep) lastSweep = started;
      if (highestId !== null) recent.push({ at: started, highestId });
      // A long burst: keep the list short (the newest entry decides the floor anyway).
      if (recent.length > 1_000) recent = recent.slice(-500);
      return published === batch;
    },
  };
}
