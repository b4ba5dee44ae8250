/**
 * One drain of the outbox: queued records go to POS Core in seq order, chunk by chunk, until none is
 * left or a failure says to wait, and each answer is recorded (DESIGN §3):
 *
 *   queued ──▶ sending ──▶ confirmed | declined | rejected | cancelled        (final)
 *                 │──────▶ pending                    (the pending poll finishes it)
 *                 │──────▶ needs_attention            (per-item 400/422, with the problem's detail)
 *                 └──────▶ queued                     (network error, 409, 429, 5xx: back off)
 *
 * Every record keeps its id, so a resend after a lost answer is deduplicated by the server (G1).
 */
import { type ApiFailure, toApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import { getMeta, putMeta } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';
import { oldestUnsentSaleAt } from '../outbox/oldest-unsent-sale.ts';
import type { SaleStatus } from '../outbox/outbox-record.ts';
import type { SaleChange } from '../outbox/settle-sales.ts';
import { takeChunk } from '../outbox/take-chunk.ts';
import { interpretResults, reasonOf } from './batch-results.ts';
import { submitChunk } from './outbox-senders.ts';
import type { SyncProgress } from './sync-snapshot.ts';

export type DrainOutcome =
  | { kind: 'drained' }
  | { kind: 'retry'; failure: ApiFailure; retryAfterSeconds: number | null }
  | { kind: 'unauthorized'; failure: ApiFailure };

export interface DrainContext {
  db: TillDatabase;
  posCore: PosCoreClient;
  /** Most records per request (see SyncEngineOptions.batchSize). */
  batchSize: number;
  /** Records the answer of each record (the engine's settle: outbox settle + its listeners). */
  settle(changes: Map<string, SaleChange>, from: SaleStatus[]): Promise<void>;
  onProgress(progress: SyncProgress): void;
  onFailure(failure: ApiFailure): void;
  /** A chunk was answered: the till may count its failures from zero again. */
  onAnswered(): void;
}

const FIRST_BATCH_SIZE = 100;

/**
 * Drains until nothing is queued (from this drain's view) or a failure ends it. A drain starts with
 * chunks of at most 100 and doubles the size after each answered chunk up to `batchSize`: the first
 * answer comes quickly (progress moves, a cut first request costs a short resend), then a backlog
 * moves in as few requests and local transactions as the server allows.
 */
export async function drainOutbox(context: DrainContext, signal: AbortSignal): Promise<DrainOutcome> {
  const { db, posCore, settle } = context;
  let size = Math.min(FIRST_BATCH_SIZE, context.batchSize);
  /** Stops growing once a chunk was refused as a whole (the bad item is searched for by halving). */
  let growing = true;
  let done = 0;
  /** Records still queued behind the current chunk, as far as this drain knows (for progress only). */
  let queued = 0;
  /**
   * The seq the next chunk starts from (null: from the lowest). Every chunk is sent in seq order and
   * left 'sending' or settled, so the next queued record of this drain has this seq (an imported one
   * may share it) or a higher one — unless a chunk is put back (then from the lowest again). Reading
   * from here keeps each chunk O(chunk): IndexedDB may keep the index entries of records that left
   * 'queued' (tombstones until compaction), and a range read from the lowest seq walked all of them,
   * so a long backlog drained slower and slower. A record that becomes queued behind the cursor
   * meanwhile (an import) is sent by the next drain.
   */
  let after: number | null = null;
  for (;;) {
    if (signal.aborted) return { kind: 'drained' };
    const { sent, rest } = await takeChunk(db, size, queued, after);
    if (sent.length === 0) return { kind: 'drained' };
    after = sent.at(-1)?.seq ?? after;
    queued = rest ?? queued - sent.length;
    const ids = sent.map((r) => r.id);
    context.onProgress({ queued, sending: ids.length, total: done + ids.length + queued, done });
    let results: Awaited<ReturnType<typeof submitChunk>>;
    try {
      // What stays unsynced once this chunk is accepted, for the manager's console (shared/src/till-sync-report.ts).
      const [nextSeq, oldest] = await Promise.all([getMeta(db, 'nextSeq'), queued > 0 ? oldestUnsentSaleAt(db) : null]);
      results = await submitChunk(posCore, sent, { unsynced: queued, oldestUnsyncedAt: oldest, lastSeq: (nextSeq ?? 1) - 1 });
    } catch (error) {
      const failure = toApiError(error).failure;
      context.onFailure(failure);
      if (failure.kind === 'permanent' && sent.length > 1) {
        // The chunk as a whole was refused (e.g. too large): put it back and retry in halves to find the bad item.
        await settle(new Map(ids.map((id) => [id, { status: 'queued', failure }])), ['sending']);
        size = Math.ceil(sent.length / 2);
        growing = false;
        after = null;
        continue;
      }
      if (failure.kind === 'permanent') {
        await settle(new Map(ids.map((id) => [id, { status: 'needs_attention', reason: reasonOf(failure), failure }])), ['sending']);
        done += 1;
        continue;
      }
      await settle(new Map(ids.map((id) => [id, { status: 'queued', failure }])), ['sending']);
      if (failure.kind === 'unauthorized') return { kind: 'unauthorized', failure };
      return { kind: 'retry', failure, retryAfterSeconds: failure.kind === 'retryable' ? failure.retryAfterSeconds : null };
    }
    await putMeta(db, 'lastSyncAt', new Date().toISOString());
    const { changes, retry } = interpretResults(ids, results);
    await settle(changes, ['sending']);
    done += [...changes.values()].filter((c) => c.status !== 'queued').length;
    if (retry) {
      context.onFailure(retry);
      return { kind: 'retry', failure: retry, retryAfterSeconds: null };
    }
    context.onAnswered();
    if (growing) size = Math.min(size * 2, context.batchSize);
  }
}
