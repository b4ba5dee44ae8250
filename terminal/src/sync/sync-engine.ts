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
import { countSales, type SaleCounts } from '../db/count-sales.ts';
import { getMeta, putMeta } from '../db/meta.ts';
import { type SaleChange, settleSales } from '../db/settle-sale.ts';
import { type SaleRecord, SERVER_FINAL_STATUSES, type TillDatabase } from '../db/till-database.ts';
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

export interface SyncErrorEntry {
  at: string;
  message: string;
}

export interface SyncSnapshot {
  state: SyncState;
  counts: SaleCounts;
  /** Non-null while a drain runs. */
  progress: SyncProgress | null;
  nextAttemptAt: string | null;
  lastSyncAt: string | null;
  recentErrors: SyncErrorEntry[];
}

export interface SyncEngineOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  terminalId: string;
  reachability?: ServerReachability;
  /**
   * Orders per batch request (POS Core accepts up to 500). Default 100: a backlog drains in several
   * requests, so progress moves visibly and a cut request costs one short resend, not the whole queue.
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
    recentErrors: [],
  };
  #abort: AbortController | null = null;
  #channel: BroadcastChannel | null = null;
  #subscriptions: Subscription[] = [];
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
    this.#batchSize = Math.min(500, Math.max(1, options.batchSize ?? 100));
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
    this.#subscriptions.push(
      liveQuery(() => countSales(this.#db)).subscribe({
        next: (counts) => {
          const grew = counts.queued > this.#snapshot.counts.queued;
          this.#update({ counts });
          if (grew) this.#wakeFor('sale');
        },
        error: () => {},
      }),
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
      await this.#pollPending();
      // Checked again right before sleeping (no await in between): a stop() that came during the poll
      // must not leave the leader asleep for a whole idle period.
      if (signal.aborted) break;
      if (outcome.kind === 'drained') {
        this.#attempt = 0;
        this.#broadcastState({ state: 'idle', progress: null, nextAttemptAt: null });
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

  async #nextChunk(size: number): Promise<SaleRecord[]> {
    return this.#db.sales.where('[status+seq]').between(['queued', Dexie.minKey], ['queued', Dexie.maxKey]).limit(size).toArray();
  }

  async #drain(signal: AbortSignal): Promise<DrainOutcome> {
    let size = this.#batchSize;
    let done = 0;
    for (;;) {
      if (signal.aborted) return { kind: 'drained' };
      const rows = await this.#nextChunk(size);
      if (rows.length === 0) return { kind: 'drained' };
      const ids = await this.#markSending(rows);
      if (ids.length === 0) continue;
      const queued = await this.#db.sales.where('status').equals('queued').count();
      this.#broadcastState({
        state: 'sending',
        progress: { queued, sending: ids.length, total: done + ids.length + queued, done },
        nextAttemptAt: null,
      });
      const sent = rows.filter((r) => ids.includes(r.id));
      let results: BatchResult[];
      try {
        results = await this.#posCore.submitBatch(sent.map((r) => r.order));
      } catch (error) {
        const failure = toApiError(error).failure;
        const message = describeFailure(failure);
        this.#recordError(message);
        if (failure.kind === 'permanent' && sent.length > 1) {
          // The batch as a whole was refused (e.g. too large): retry in smaller batches to find the bad item.
          await this.#settle(new Map(ids.map((id) => [id, { status: 'queued', lastError: message }])), ['sending']);
          size = Math.ceil(sent.length / 2);
          continue;
        }
        if (failure.kind === 'permanent') {
          await this.#settle(new Map(ids.map((id) => [id, { status: 'needs_attention', reason: reasonOf(failure), lastError: message }])), [
            'sending',
          ]);
          done += 1;
          continue;
        }
        await this.#settle(new Map(ids.map((id) => [id, { status: 'queued', lastError: message }])), ['sending']);
        if (failure.kind === 'unauthorized') return { kind: 'unauthorized', revoked: isRevocation(failure.problem) };
        return { kind: 'retry', failure, retryAfterSeconds: failure.kind === 'retryable' ? failure.retryAfterSeconds : null };
      }
      await putMeta(this.#db, 'lastSyncAt', new Date().toISOString());
      const { changes, retry } = interpretResults(ids, results);
      await this.#settle(changes, ['sending']);
      done += [...changes.values()].filter((c) => c.status !== 'queued').length;
      if (retry) {
        this.#recordError(describeFailure(retry));
        return { kind: 'retry', failure: retry, retryAfterSeconds: null };
      }
      this.#attempt = 0;
    }
  }

  /** queued → sending for the rows still queued (another path may have moved one meanwhile). */
  async #markSending(rows: SaleRecord[]): Promise<string[]> {
    const at = new Date().toISOString();
    return this.#db.transaction('rw', this.#db.sales, async () => {
      const current = await this.#db.sales.bulkGet(rows.map((r) => r.id));
      const ids = current.filter((r): r is SaleRecord => r?.status === 'queued').map((r) => r.id);
      for (const row of current) {
        if (row?.status === 'queued') await this.#db.sales.update(row.id, { status: 'sending', attempts: row.attempts + 1, updatedAt: at });
      }
      return ids;
    });
  }

  async #pollPending(): Promise<void> {
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
  }

  async #settle(changes: Map<string, SaleChange>, from: SaleRecord['status'][]): Promise<void> {
    await settleSales(this.#db, changes, from);
    const settled = [...changes].filter(([, c]) => SERVER_FINAL_STATUSES.includes(c.status)).map(([id]) => id);
    if (settled.length > 0) this.#options.onSettled?.(settled);
  }

  #recordError(message: string): void {
    const recentErrors = [{ at: new Date().toISOString(), message }, ...this.#snapshot.recentErrors].slice(0, MAX_RECENT_ERRORS);
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

  #broadcastState(patch: Partial<Pick<SyncSnapshot, 'state' | 'progress' | 'nextAttemptAt'>>): void {
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
      changes.set(id, { status: 'queued', lastError: 'no result for this order in the batch answer' });
      retry ??= { kind: 'invalid_response', status: 200, message: 'the batch answer missed an order' };
    } else if ('status' in result) {
      changes.set(id, { status: result.status, lastError: null });
    } else {
      const failure = failureFromProblem(result.error);
      if (failure.kind === 'permanent') {
        changes.set(id, { status: 'needs_attention', reason: reasonOf(failure), lastError: describeFailure(failure) });
      } else {
        changes.set(id, { status: 'queued', lastError: describeFailure(failure) });
        retry ??= failure;
      }
    }
  }
  return { changes, retry };
}
