/**
 * The till's outbox sender. Drains queued sales to POS Core in seq order through
 * `POST /v1/orders/batch` and records each answer, so that every recorded sale reaches POS Core
 * exactly once (G1): ids never change, so a resend after a lost answer is deduplicated by the server.
 *
 *   queued ──▶ sending ──▶ confirmed | declined | rejected | cancelled        (final)
 *                 │──────▶ pending ──(poll GET /v1/orders/:id, or SSE)──▶ final
 *                 │──────▶ needs_attention            (per-item 400/422, with the problem's detail)
 *                 └──────▶ queued                     (network error, 409, 429, 5xx: back off)
 *
 * One window per till sends (Web Locks: `till-sync-<terminalId>`); the others are followers: their
 * counts come from the same IndexedDB (liveQuery), the leader's progress and errors over a
 * BroadcastChannel. Rows found 'sending' when a window becomes leader go back to 'queued' — safe,
 * because a resend carries the same id. Unauthorized (401) stops sending and keeps every sale.
 * Plain class with subscribe()/getSnapshot(): React only renders it.
 */

import type { BatchResult } from '@pos/shared/order';
import Dexie, { liveQuery, type Subscription } from 'dexie';
import { type ApiFailure, describeFailure, failureFromProblem, toApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { ServerReachability } from '../api/server-reachability.ts';
import type { SaleCounts } from '../db/count-sales.ts';
import { getMeta, putMeta } from '../db/meta.ts';
import { type SaleChange, settleSales } from '../db/settle-sale.ts';
import { type SaleRecord, SERVER_FINAL_STATUSES, type TillDatabase } from '../db/till-database.ts';
import { watchSaleCounts } from '../db/watch-sale-counts.ts';
import { isRevocation } from '../pairing/revoked-till.ts';
import { type BackoffPolicy, DEFAULT_BACKOFF, retryDelay } from './backoff.ts';
import { WakeableSleep } from './wake-sleep.ts';

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

export interface SyncEngineOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  terminalId: string;
  reachability?: ServerReachability;
  /**
   * Most orders per batch request (POS Core accepts up to 500). Default 500. A drain starts with
   * batches of at most 100 and doubles the size after each answered batch up to this: the first
   * answer comes quickly (progress moves, a cut first request costs a short resend), then a backlog
   * moves in as few requests and local transactions as the server allows.
   */
  batchSize?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** How often pending orders are re-read while any exist. */
  pendingPollMs?: number;
  /** How often an idle leader looks at the queue without being woken. */
  idleCheckMs?: number;
  /** The Web Locks manager; null to run as leader without one (tests, old browsers). Default: navigator.locks. */
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
const FIRST_BATCH_SIZE = 100;

type DrainOutcome =
  | { kind: 'drained' }
  | { kind: 'retry'; failure: ApiFailure; retryAfterSeconds: number | null }
  | { kind: 'unauthorized'; revoked: boolean };

type LeaderMessage = {
  type: 'state';
  state: SyncState;
  progress: SyncProgress | null;
  nextAttemptAt: string | null;
  recentErrors: SyncErrorEntry[];
};
type ChannelMessage = LeaderMessage | { type: 'wake' } | { type: 'hello' };

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
  #channel: BroadcastChannel | null = null;
  #subscriptions: Subscription[] = [];
  #stopCounting: (() => void) | null = null;
  #unsubscribeReachability: (() => void) | null = null;
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
    const navigatorLocks = typeof navigator !== 'undefined' ? (navigator as { locks?: LockManager }).locks : undefined;
    this.#locks = options.locks === undefined ? (navigatorLocks ?? null) : options.locks;
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
    this.#openChannel();
    this.#stopCounting = watchSaleCounts(this.#db, (counts, oldestUnsentAt) => {
      const grew = counts.queued > this.#snapshot.counts.queued;
      this.#update({ counts, oldestUnsentAt });
      if (grew) this.#wakeFor('sale');
    });
    this.#subscriptions.push(
      liveQuery(() => getMeta(this.#db, 'lastSyncAt')).subscribe({
        next: (lastSyncAt) => this.#update({ lastSyncAt: lastSyncAt ?? null }),
        error: () => {},
      }),
    );
    this.#unsubscribeReachability =
      this.#options.reachability?.subscribe(() => {
        if (this.#options.reachability?.isOnline) this.#wakeFor('online');
      }) ?? null;

    const lead = async () => {
      this.#leader = true;
      try {
        await this.#lead(abort.signal);
      } finally {
        this.#leader = false;
      }
    };
    if (this.#locks) {
      this.#update({ state: 'follower' });
      this.#leadership = this.#locks.request(`till-sync-${this.#options.terminalId}`, { signal: abort.signal }, lead).then(
        () => {},
        () => {},
      );
    } else {
      this.#leadership = lead();
    }
  }

  /** Stops sending (resolves when the current request has been answered and recorded). */
  async stop(): Promise<void> {
    this.#abort?.abort();
    this.#sleep.wake();
    for (const s of this.#subscriptions) s.unsubscribe();
    this.#subscriptions = [];
    this.#stopCounting?.();
    this.#stopCounting = null;
    this.#unsubscribeReachability?.();
    await this.#leadership;
    this.#channel?.close();
    this.#channel = null;
    this.#abort = null;
    this.#update({ state: 'stopped', progress: null });
  }

  /** Call after recording a sale: the leader (this window or another) starts sending it now. */
  notifySaleRecorded(): void {
    this.#wakeFor('sale');
    this.#channel?.postMessage({ type: 'wake' } satisfies ChannelMessage);
  }

  /** "Sync now": ends a backoff wait early (the cashier asked; the server may still say no). */
  syncNow(): void {
    this.#wakeFor('manual');
    this.#channel?.postMessage({ type: 'wake' } satisfies ChannelMessage);
  }

  /** An SSE event named this order: re-read it if the till holds it as pending. */
  async refreshOrder(id: string): Promise<void> {
    const row = await this.#db.sales.get(id);
    if (row?.status !== 'pending') return;
    try {
      const order = await this.#posCore.getOrder(id);
      if (order.status !== 'pending')
        await this.#settle(new Map([[id, { status: order.status, reason: order.reason ?? null }]]), ['pending']);
    } catch {
      // The poll will try again.
    }
  }

  // ---- leader ---------------------------------------------------------------------------------

  async #lead(signal: AbortSignal): Promise<void> {
    // Rows left 'sending' by a crash, a closed window or a previous leader: their ids are stable, so resending is safe.
    await this.#db.sales.where('status').equals('sending').modify({ status: 'queued' });
    while (!signal.aborted) {
      const outcome = await this.#drain(signal);
      if (signal.aborted) break;
      // Rounds follow each other while they find finished orders: after a burst of 'pending' answers
      // (the server finishes a big backlog in the background) the till catches up in quick rounds,
      // not one round of 50 per poll period.
      let settledSome = true;
      while (settledSome && !signal.aborted) settledSome = await this.#pollPending();
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
        this.#broadcastState({
          state: outcome.kind === 'unauthorized' ? (outcome.revoked ? 'revoked' : 'unauthorized') : 'backing_off',
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

  async #drain(signal: AbortSignal): Promise<DrainOutcome> {
    let size = Math.min(FIRST_BATCH_SIZE, this.#batchSize);
    /** Stops growing once a batch was refused as a whole (the bad item is searched for by halving). */
    let growing = true;
    let done = 0;
    /** Sales still queued behind the current batch, as far as this drain knows (for progress only). */
    let queued = 0;
    /**
     * The seq the next chunk starts from (null: from the lowest). Every chunk is sent in seq order and
     * left 'sending' or settled, so the next queued sale of this drain has this seq (an imported sale
     * may share it) or a higher one — unless a chunk is put back (then from the lowest again). Reading from here keeps each chunk O(chunk): IndexedDB
     * may keep the index entries of sales that left 'queued' (tombstones until compaction), and a
     * range read from the lowest seq walked all of them, so a long backlog drained slower and slower.
     * A sale that becomes queued behind the cursor meanwhile (an import) is sent by the next drain.
     */
    let after: number | null = null;
    for (;;) {
      if (signal.aborted) return { kind: 'drained' };
      const { sent, rest } = await this.#takeChunk(size, queued, after);
      if (sent.length === 0) return { kind: 'drained' };
      after = sent.at(-1)?.seq ?? after;
      queued = rest ?? queued - sent.length;
      const ids = sent.map((r) => r.id);
      this.#broadcastState({
        state: 'sending',
        progress: { queued, sending: ids.length, total: done + ids.length + queued, done },
        nextAttemptAt: null,
      });
      let results: BatchResult[];
      try {
        // What stays unsynced once this batch is accepted, for the manager's console (shared/src/till-sync-report.ts).
        const nextSeq = (await getMeta(this.#db, 'nextSeq')) ?? 1;
        const report = { unsynced: queued, oldestUnsyncedAt: queued > 0 ? this.#snapshot.oldestUnsentAt : null, lastSeq: nextSeq - 1 };
        results = await this.#posCore.submitBatch(
          sent.map((r) => r.order),
          report,
        );
      } catch (error) {
        const failure = toApiError(error).failure;
        this.#recordError(failure);
        if (failure.kind === 'permanent' && sent.length > 1) {
          // The batch as a whole was refused (e.g. too large): retry in smaller batches to find the bad item.
          await this.#settle(new Map(ids.map((id) => [id, { status: 'queued', failure }])), ['sending']);
          size = Math.ceil(sent.length / 2);
          growing = false;
          after = null;
          continue;
        }
        if (failure.kind === 'permanent') {
          await this.#settle(new Map(ids.map((id) => [id, { status: 'needs_attention', reason: reasonOf(failure), failure }])), [
            'sending',
          ]);
          done += 1;
          continue;
        }
        await this.#settle(new Map(ids.map((id) => [id, { status: 'queued', failure }])), ['sending']);
        if (failure.kind === 'unauthorized') return { kind: 'unauthorized', revoked: isRevocation(failure.problem) };
        return { kind: 'retry', failure, retryAfterSeconds: failure.kind === 'retryable' ? failure.retryAfterSeconds : null };
      }
      await putMeta(this.#db, 'lastSyncAt', new Date().toISOString());
      const { changes, retry } = interpretResults(ids, results);
      await this.#settle(changes, ['sending']);
      done += [...changes.values()].filter((c) => c.status !== 'queued').length;
      if (retry) {
        this.#recordError(retry);
        return { kind: 'retry', failure: retry, retryAfterSeconds: null };
      }
      this.#attempt = 0;
      if (growing) size = Math.min(size * 2, this.#batchSize);
    }
  }

  /**
   * The next `size` queued sales in seq order (from seq `after` on), moved to 'sending' — read and written in ONE
   * transaction, so no other path can move one in between. `rest` is how many stay queued, counted
   * (O(queue)) only when the drain's running estimate cannot be right: on the first batch and when a
   * batch is bigger than the estimate (sales were recorded meanwhile); a short batch means none are left.
   */
  async #takeChunk(size: number, queuedEstimate: number, from: number | null): Promise<{ sent: SaleRecord[]; rest: number | null }> {
    const at = new Date().toISOString();
    return this.#db.transaction('rw', this.#db.sales, async () => {
      const rows = await this.#db.sales
        .where('[status+seq]')
        .between(['queued', from ?? Dexie.minKey], ['queued', Dexie.maxKey], true, true)
        .limit(size)
        .toArray();
      if (rows.length === 0) return { sent: [], rest: 0 };
      const sent = rows.map((row): SaleRecord => ({ ...row, status: 'sending', attempts: row.attempts + 1, updatedAt: at }));
      await this.#db.sales.bulkPut(sent);
      if (rows.length < size) return { sent, rest: 0 };
      if (rows.length <= queuedEstimate) return { sent, rest: null };
      return { sent, rest: await this.#db.sales.where('status').equals('queued').count() };
    });
  }

  /** Reads up to 50 pending orders again; true when any of them had reached a final status. */
  async #pollPending(): Promise<boolean> {
    const pending = await this.#db.sales.where('status').equals('pending').limit(50).toArray();
    const changes = new Map<string, SaleChange>();
    for (const row of pending) {
      try {
        const order = await this.#posCore.getOrder(row.id);
        if (order.status !== 'pending') changes.set(row.id, { status: order.status, reason: order.reason ?? null });
      } catch (error) {
        if (toApiError(error).kind === 'network') break;
      }
    }
    await this.#settle(changes, ['pending']);
    return changes.size > 0;
  }

  async #settle(changes: Map<string, SaleChange>, from: SaleRecord['status'][]): Promise<void> {
    await settleSales(this.#db, changes, from);
    const settled = [...changes].filter(([, c]) => SERVER_FINAL_STATUSES.includes(c.status)).map(([id]) => id);
    if (settled.length > 0) this.#options.onSettled?.(settled);
  }

  #recordError(failure: ApiFailure): void {
    const entry: SyncErrorEntry = { at: new Date().toISOString(), failure, message: describeFailure(failure) };
    const recentErrors = [entry, ...this.#snapshot.recentErrors].slice(0, MAX_RECENT_ERRORS);
    this.#update({ recentErrors });
  }

  // ---- cross-window state --------------------------------------------------------------------------

  #openChannel(): void {
    if (typeof BroadcastChannel === 'undefined') return;
    const channel = new BroadcastChannel(`till-sync-${this.#options.terminalId}`);
    channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
      const message = event.data;
      if (message.type === 'wake') this.#wakeFor('manual');
      else if (message.type === 'hello' && this.#leader) this.#broadcastState({});
      else if (message.type === 'state' && !this.#leader) {
        this.#update({
          state: message.state === 'stopped' ? 'follower' : message.state,
          progress: message.progress,
          nextAttemptAt: message.nextAttemptAt,
          recentErrors: message.recentErrors,
        });
      }
    };
    this.#channel = channel;
    channel.postMessage({ type: 'hello' } satisfies ChannelMessage);
  }

  #broadcastState(patch: Partial<Pick<SyncSnapshot, 'state' | 'progress' | 'nextAttemptAt' | 'recentErrors'>>): void {
    this.#update(patch);
    const { state, progress, nextAttemptAt, recentErrors } = this.#snapshot;
    this.#channel?.postMessage({ type: 'state', state, progress, nextAttemptAt, recentErrors } satisfies ChannelMessage);
  }

  #update(patch: Partial<SyncSnapshot>): void {
    this.#snapshot = { ...this.#snapshot, ...patch };
    for (const listener of this.#listeners) listener();
  }
}

const reasonOf = (failure: ApiFailure): string =>
  failure.kind === 'permanent' ? (failure.problem.detail ?? failure.problem.title) : describeFailure(failure);

/**
 * Maps a batch answer onto the sent ids. A missing result or a retryable per-item error (409, 429,
 * 5xx) leaves the sale queued; a permanent per-item error (400/422…) needs attention.
 */
function interpretResults(
  ids: readonly string[],
  results: readonly BatchResult[],
): { changes: Map<string, SaleChange>; retry: ApiFailure | null } {
  const byId = new Map(results.filter((r) => r.id !== null).map((r) => [r.id as string, r]));
  const changes = new Map<string, SaleChange>();
  let retry: ApiFailure | null = null;
  for (const id of ids) {
    const result = byId.get(id);
    if (!result) {
      const missing: ApiFailure = { kind: 'invalid_response', status: 200, message: 'no result for this order in the batch answer' };
      changes.set(id, { status: 'queued', failure: missing });
      retry ??= missing;
    } else if ('status' in result) {
      changes.set(id, { status: result.status, failure: null });
    } else {
      const failure = failureFromProblem(result.error);
      if (failure.kind === 'permanent') {
        changes.set(id, { status: 'needs_attention', reason: reasonOf(failure), failure });
      } else {
        changes.set(id, { status: 'queued', failure });
        retry ??= failure;
      }
    }
  }
  return { changes, retry };
}
