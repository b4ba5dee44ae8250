/**
 * The outbox relay of one process: numbers committed events (publishPending) without rescanning what
 * is known to be numbered.
 *
 * Why: the partial index of unpublished events keeps a (dead) entry for every numbered event until
 * VACUUM runs, and autovacuum may come only once a minute. Scanning it from the start made each step
 * O(events since VACUUM): during a long backlog drain the relay's cost grew with the backlog.
 *
 * The floor: after a step numbered everything it could see up to id H, an event with an id ≤ H that
 * it could not see belongs to a transaction its snapshot counted as running — ids come from a sequence
 * and every transaction has its xid before it draws one (appendEvent's contract), so a transaction
 * that took its xid later draws a higher id. Those transactions all have xids below the snapshot's
 * xmax. So once a later step's snapshot has xmin ≥ that xmax, every such transaction has ended and
 * its events are visible to that step; when that step scanned past H (or numbered all it saw), every
 * event ≤ H is numbered and H becomes the floor. A long transaction only holds the floor back (xids
 * are cluster-wide: a long transaction of any database on the same server does too).
 *
 * Belt and braces: every `sweepMs` one step scans from the start anyway, so an insert that ever broke
 * the contract would delay its event by at most that, never lose it.
 */
import type { Pool } from './db.ts';
import { publishPending } from './outbox.ts';

export interface OutboxRelayOptions {
  batch?: number;
  sweepMs?: number;
  now?: () => number;
}

export interface OutboxRelay {
  /** One step; true when the batch was full (more may be waiting). */
  step(): Promise<boolean>;
  /** Everything with an id up to here is numbered (for tests and metrics). */
  readonly floor: number;
}

/** A step's highest numbered id, waiting until every transaction its snapshot saw running has ended. */
interface Candidate {
  highestId: number;
  xmax: bigint;
}

const MAX_CANDIDATES = 256;

export function createOutboxRelay(pool: Pool, options: OutboxRelayOptions = {}): OutboxRelay {
  const batch = options.batch ?? 1_000;
  const sweepMs = options.sweepMs ?? 5_000;
  const now = options.now ?? Date.now;
  let candidates: Candidate[] = [];
  let floor = 0;
  let lastSweep = Number.NEGATIVE_INFINITY;

  return {
    get floor() {
      return floor;
    },
    async step() {
      const started = now();
      const sweep = started - lastSweep >= sweepMs;
      const scannedFrom = sweep ? 0 : floor;
      const { published, highestId, snapshot } = await publishPending(pool, batch, scannedFrom);
      if (sweep) lastSweep = started;
      if (!snapshot) return false; // another process holds the relay lock
      // This step saw every event of the transactions a candidate waited for, and numbered all it saw
      // above `scannedFrom` — up to its LIMIT: a full batch vouches only for ids up to its highest.
      const reach = published < batch ? Number.POSITIVE_INFINITY : (highestId ?? scannedFrom);
      for (const c of candidates) if (snapshot.xmin >= c.xmax && c.highestId <= reach) floor = Math.max(floor, c.highestId);
      candidates = candidates.filter((c) => c.highestId > floor);
      if (highestId !== null && highestId > floor) candidates.push({ highestId, xmax: snapshot.xmax });
      // Waiting on a long transaction: keep the newest candidates (dropping one only delays the floor).
      if (candidates.length > MAX_CANDIDATES) candidates = candidates.slice(-MAX_CANDIDATES / 2);
      return published === batch;
    },
  };
}
