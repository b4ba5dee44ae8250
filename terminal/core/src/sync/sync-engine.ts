/**
 * The till's outbox sender: every recorded sale (every outbox record) reaches POS Core exactly once
 * (G1). Plain class with subscribe()/getSnapshot(): React only renders it. Its parts, each in its file:
 *
 *   leader-election.ts  one window per till sends (Web Locks); the others are followers
 *   sync-channel.ts     the leader's state to the followers, "wake" from any window (BroadcastChannel)
 *   outbox-drain.ts     one drain: queued records in seq order, chunk by chunk, each answer recorded
 *   poll-pending.ts     pending records re-read until final (and at once when an SSE event names one)
 *
 * The leader loops: put back rows left 'sending' (a crash, a closed window, a previous leader —
 * safe, a resend carries the same id), drain, poll pending in rounds, then sleep: until a sale is
 * recorded or the idle period ends when drained, or for the backoff (full jitter, Retry-After as a
 * floor) after a failure. Followers' counts come from the same IndexedDB. Unauthorized (401) stops
 * sending and keeps every sale.
 */

import { liveQuery } from 'dexie';
import { type ApiFailure, describeFailure } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { ServerReachability } from '../api/server-reachability.ts';
import { getMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleCounts } from '../outbox/count-sales.ts';
import { type SaleStatus, SERVER_FINAL_STATUSES } from '../outbox/outbox-record.ts';
import { putBackSending } from '../outbox/put-back.ts';
import { type SaleChange, settleSales } from '../outbox/settle-sales.ts';
import { watchSaleCounts } from '../outbox/watch-sale-counts.ts';
import { isRevocation } from '../pairing/revoked-till.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './backoff.ts';
import { leadWhenElected, platformLocks } from './leader-election.ts';
import { drainOutbox } from './outbox-drain.ts';
import { pollPending, refreshPending } from './poll-pending.ts';
import { type LeaderState, SyncChannel } from './sync-channel.ts';
import type { SyncErrorEntry, SyncSnapshot } from './sync-snapshot.ts';
import { WakeableSleep } from './wake-sleep.ts';

export type { SyncErrorEntry, SyncProgress, SyncSnapshot, SyncState } from './sync-snapshot.ts';

export interface SyncEngineOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  terminalId: string;
  reachability?: ServerReachability;
  /**
   * Most orders per batch request (POS Core accepts up to 500). Default 500. A drain starts with
   * batches of at most 100 and doubles the size after each answered batch up to this (outbox-drain.ts).
   */
  batchSize?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** How often pending orders are re-read while any exist. */
  pendingPollMs?: number;
  /** How often an idle leader looks at the queue without being woken. */
  idleCheckMs?: number;
  /** The Web Locks manager; null to run as leader without one (Node, tests, old browsers). Default: navigator.locks. */
  locks?: LockManager | null;
  /** Called after sales reached a final status (e.g. to refresh the catalogue's stock). */
  onSettled?: (ids: string[]) => void;
}

const ZERO_COUNTS: SaleCounts = {
  queued: 0,
  sending: 0,
  pending: 0,
  confirmed: 0,
  declined: 0,
  rejected: 0,
  cancelled: 0,
  needs_attention: 0,
};
const MAX_RECENT_ERRORS = 20;

export class SyncEngine {
  readonly #db: TillDatabase;
  readonly #posCore: PosCoreClient;
  readonly #options: SyncEngineOptions;
  readonly #batchSize: number;
  readonly #locks: LockManager | null;
  readonly #listeners = new Set<() => void>();
  readonly #sleep = new WakeableSleep();
  #snapshot: SyncSnapshot = {
    state: 'starting',
    counts: ZERO_COUNTS,
    progress: null,
    nextAttemptAt: null,
    lastSyncAt: null,
    oldestUnsentAt: null,
    recentErrors: [],
  };
  #abort: AbortController | null = null;
  #channel: SyncChannel | null = null;
  #stopWatching: (() => void)[] = [];
  #leader = false;
  #attempt = 0;
  /** Why the leader sleeps: a new sale may cut short an idle wait, never a server-requested backoff. */
  #waitingFor: 'idle' | 'backoff' | 'network' | null = null;
  #leadership: Promise<void> | null = null;

  constructor(options: SyncEngineOptions) {
    this.#options = options;
    this.#db = options.db;
    this.#posCore = options.posCore;
    this.#batchSize = Math.min(500, Math.max(1, options.batchSize ?? 500));
    this.#locks = options.locks === undefined ? platformLocks() : options.locks;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): SyncSnapshot => this.#snapshot;

  get isLeader(): boolean {
    return this.#leader;
  }

  start(): void {
    if (this.#abort) return;
    const abort = new AbortController();
    this.#abort = abort;
    this.#channel = new SyncChannel(this.#options.terminalId, {
      onWake: () => this.#wakeFor('manual'),
      onHello: () => {
        if (this.#leader) this.#broadcastState({});
      },
      onState: (message) => {
        if (!this.#leader) this.#update({ ...message, state: message.state === 'stopped' ? 'follower' : message.state });
      },
    });
    this.#stopWatching.push(
      watchSaleCounts(this.#db, (counts, oldestUnsentAt) => {
        const grew = counts.queued > this.#snapshot.counts.queued;
        this.#update({ counts, oldestUnsentAt });
        if (grew) this.#wakeFor('sale');
      }),
    );
    const lastSync = liveQuery(() => getMeta(this.#db, 'lastSyncAt')).subscribe({
      next: (lastSyncAt) => this.#update({ lastSyncAt: lastSyncAt ?? null }),
      error: () => {},
    });
    this.#stopWatching.push(() => lastSync.unsubscribe());
    const reachability = this.#options.reachability;
    if (reachability) {
      this.#stopWatching.push(
        reachability.subscribe(() => {
          if (reachability.isOnline) this.#wakeFor('online');
        }),
      );
    }
    if (this.#locks) this.#update({ state: 'follower' });
    this.#leadership = leadWhenElected(this.#locks, this.#options.terminalId, abort.signal, async () => {
      this.#leader = true;
      try {
        await this.#lead(abort.signal);
      } finally {
        this.#leader = false;
      }
    });
  }

  /** Stops sending (resolves when the current request has been answered and recorded). */
  async stop(): Promise<void> {
    this.#abort?.abort();
    this.#sleep.wake();
    for (const stop of this.#stopWatching) stop();
    this.#stopWatching = [];
    await this.#leadership;
    this.#channel?.close();
    this.#channel = null;
    this.#abort = null;
    this.#update({ state: 'stopped', progress: null });
  }

  /** Call after recording a sale: the leader (this window or another) starts sending it now. */
  notifySaleRecorded(): void {
    this.#wakeFor('sale');
    this.#channel?.wake();
  }

  /** "Sync now": ends a backoff wait early (the cashier asked; the server may still say no). */
  syncNow(): void {
    this.#wakeFor('manual');
    this.#channel?.wake();
  }

  /** An SSE event named this order: re-read it if the till holds it as pending. */
  refreshOrder(id: string): Promise<void> {
    return refreshPending(this.#db, this.#posCore, id, this.#settle);
  }

  async #lead(signal: AbortSignal): Promise<void> {
    await putBackSending(this.#db);
    const drain = {
      db: this.#db,
      posCore: this.#posCore,
      batchSize: this.#batchSize,
      settle: this.#settle,
      onProgress: (progress: LeaderState['progress']) => this.#broadcastState({ state: 'sending', progress, nextAttemptAt: null }),
      onFailure: (failure: ApiFailure) => this.#recordError(failure),
      onAnswered: () => {
        this.#attempt = 0;
      },
    };
    while (!signal.aborted) {
      const outcome = await drainOutbox(drain, signal);
      if (signal.aborted) break;
      // Rounds follow each other while they find finished orders: after a burst of 'pending' answers
      // (the server finishes a big backlog in the background) the till catches up in quick rounds,
      // not one round of 50 per poll period.
      let settledSome = true;
      while (settledSome && !signal.aborted) settledSome = await pollPending(this.#db, this.#posCore, this.#settle);
      // Checked again right before sleeping (no await in between): a stop() that came during the poll
      // must not leave the leader asleep for a whole idle period.
      if (signal.aborted) break;
      if (outcome.kind === 'drained') {
        this.#attempt = 0;
        // Nothing is left to send: the failures of earlier attempts no longer describe the till.
        this.#broadcastState({ state: 'idle', progress: null, nextAttemptAt: null, recentErrors: [] });
        this.#waitingFor = 'idle';
        const pending = this.#snapshot.counts.pending > 0;
        await this.#sleep.sleep(pending ? (this.#options.pendingPollMs ?? 3_000) : (this.#options.idleCheckMs ?? 30_000));
      } else {
        const retryAfter = outcome.kind === 'retry' ? outcome.retryAfterSeconds : null;
        const delay = retryDelay(this.#attempt, retryAfter, this.#options.backoff ?? DEFAULT_BACKOFF, this.#options.random);
        this.#attempt += 1;
        const refused = outcome.kind === 'unauthorized' && outcome.failure.kind === 'unauthorized' ? outcome.failure : null;
        this.#broadcastState({
          state: outcome.kind === 'unauthorized' ? (isRevocation(refused?.problem) ? 'revoked' : 'unauthorized') : 'backing_off',
          progress: null,
          nextAttemptAt: new Date(Date.now() + delay).toISOString(),
        });
        this.#waitingFor = outcome.kind === 'retry' && outcome.failure.kind === 'network' ? 'network' : 'backoff';
        await this.#sleep.sleep(delay);
      }
      this.#waitingFor = null;
    }
  }

  #wakeFor(reason: 'sale' | 'online' | 'manual'): void {
    const waiting = this.#waitingFor;
    if (waiting === null) return;
    if (reason === 'manual' || waiting === 'idle' || (reason === 'online' && waiting === 'network')) this.#sleep.wake();
  }

  #settle = async (changes: Map<string, SaleChange>, from: SaleStatus[]): Promise<void> => {
    await settleSales(this.#db, changes, from);
    const settled = [...changes].filter(([, c]) => SERVER_FINAL_STATUSES.includes(c.status)).map(([id]) => id);
    if (settled.length > 0) this.#options.onSettled?.(settled);
  };

  #recordError(failure: ApiFailure): void {
    const entry: SyncErrorEntry = { at: new Date().toISOString(), failure, message: describeFailure(failure) };
    const recentErrors = [entry, ...this.#snapshot.recentErrors].slice(0, MAX_RECENT_ERRORS);
    this.#update({ recentErrors });
  }

  #broadcastState(patch: Partial<LeaderState>): void {
    this.#update(patch);
    const { state, progress, nextAttemptAt, recentErrors } = this.#snapshot;
    this.#channel?.state({ state, progress, nextAttemptAt, recentErrors });
  }

  #update(patch: Partial<SyncSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }
}
