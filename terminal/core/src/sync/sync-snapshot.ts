/** What the SyncEngine shows: its state, the outbox counts, the current drain's progress and the recent failures. */
import type { ApiFailure } from '../api/api-error.ts';
import type { SaleCounts } from '../outbox/count-sales.ts';

export type SyncState =
  | 'starting'
  /** Another window of this till is sending; this one observes. */
  | 'follower'
  | 'idle'
  | 'sending'
  /** Waiting before a retry (network error, 409, 429, 5xx); see nextAttemptAt. */
  | 'backing_off'
  | 'unauthorized'
  /** The server refused the token as revoked: nothing more is sent; every unsynced sale is kept (export them). */
  | 'revoked'
  | 'stopped';

export interface SyncProgress {
  queued: number;
  sending: number;
  /** Sales this drain has to send (grows if sales are recorded meanwhile). */
  total: number;
  done: number;
}

/** A failed send: the failure as the HTTP boundary classified it (the cashier's sentence is chosen from it) and in words for diagnostics. */
export interface SyncErrorEntry {
  at: string;
  failure: ApiFailure;
  message: string;
}

export interface SyncSnapshot {
  state: SyncState;
  counts: SaleCounts;
  /** Non-null while a drain runs. */
  progress: SyncProgress | null;
  nextAttemptAt: string | null;
  lastSyncAt: string | null;
  /** When the oldest sale still waiting to be sent (queued or sending) was made; null when none waits. */
  oldestUnsentAt: string | null;
  /** The failed sends since the queue was last drained: emptied once a drain finds nothing more to send. */
  recentErrors: SyncErrorEntry[];
}
