/**
 * Idempotency keys (DESIGN §4), scoped per tenant, after Stripe and the IETF Idempotency-Key draft.
 *
 *   claim ──(own)──▶ work + complete in ONE transaction ──▶ answer
 *     │ row exists, other fingerprint ─▶ 422 idempotency-key-reused, nothing changes
 *     │ row completed ────────────────▶ replay (stored answer, or `replay()` for current state)
 *     └ row in flight, claim alive ───▶ 409 + Retry-After
 *
 * The claim is committed on its own, before the work, so a concurrent duplicate sees it at once
 * and is answered 409 instead of waiting. With `readFirst`, the key is read before anything is
 * written, so a repeat of a completed request costs one read and no write (the claim is tried only
 * when the key is absent or its claim was abandoned). The work and the completion of the key commit together:
 * a completed key always points at work that happened. If the work fails, the claim is removed and
 * nothing was recorded (when the database cannot be reached to say so, the owner keeps retrying the
 * release: service-instance.ts `cleanUp`). A claim is alive while its lease runs AND its owner process
 * lives: if the process dies mid-work, a retry takes the claim over once the owner stopped beating
 * (≤ 6 s, service-instance.ts) or the lease ran out, whichever comes first — so 409 means a request is
 * really in flight. The business UNIQUE constraints of each service stop a second copy of the work
 * should a takeover ever race a live owner (one cut off from the database longer than that).
 *
 * The batch claim (claimBatch) is the same rule for many keys at once, taken INSIDE the work's
 * transaction: the keys are written completed with the work, so a batch costs no round trip of its
 * own for its keys, and a concurrent duplicate of an item waits for that transaction and then meets
 * a completed key. Both claims are one statement (claimKeys) and every key a request meets is judged
 * by one rule (judgeKey), so a key sent alone and then in a batch answers the same.
 *
 * Calls between services under a saga step's fixed key take the claim WITH the work
 * (`claimWithWork`, runIdempotentWithWork): the key is written completed, with the work's answer, as
 * the last statement of the work's own transaction, sent with its COMMIT — three round trips and a
 * commit fewer per call; a concurrent duplicate (a retry) waits for that transaction instead of a
 * 409, then replays.
 */
import { createHash, randomUUID } from 'node:crypto';
import { HEADERS } from '@pos/shared/http';
import type { Response } from 'express';
import { PG_ERRORS, type Pool, type PoolClient, pgErrorCode, type Queryable, queryAtCommit, withTransaction } from './db.ts';
import { type HttpProblem, problems } from './problem.ts';
import { type ClaimOwner, claimAbandoned } from './service-instance.ts';

export interface IdempotentAnswer {
  status: number;
  body: unknown;
  /** The business id the key produced (e.g. the order id), for `replay`. */
  resourceId?: string;
}

export interface IdempotencyRequest {
  tenantId: string;
  key: string;
  /** fingerprintOf(what makes two requests "the same"), usually method + path + body. */
  fingerprint: string;
  /** How long a claim is protected (even from a live owner's retry) before another attempt may take it over. */
  leaseSeconds?: number;
  /** The process claiming the key. */
  owner: ClaimOwner;
}

/** The idempotency side of a mutating request as its handler checked it: the tenant (from the credential), the key and the fingerprint. */
export type IdempotentCommand = Pick<IdempotencyRequest, 'tenantId' | 'key' | 'fingerprint'>;

/** A key's row, as a request meets it. */
export interface StoredKey {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  /** In flight, its lease not expired and its owner alive: the attempt holding it may still complete it. */
  leaseAlive: boolean;
  /** The stored answer (meaningful once completed). */
  answer: IdempotentAnswer;
}

/** What a read-first lookup found: the key and, when read in the same query, the replay's answer. */
export interface KeyLookup {
  key: StoredKey;
  /** The answer to replay (e.g. the order's current state), used instead of `replay` when present. */
  current?: IdempotentAnswer;
}

export interface IdempotencyOptions {
  /** Builds the answer for a replay; default: the stored answer. POS Core answers an order's current state. */
  replay?: (stored: IdempotentAnswer) => Promise<IdempotentAnswer>;
  /**
   * Read the key before claiming it, for endpoints that are often repeated (a till resends what it is
   * unsure of): a repeat is then answered without any write. `true` reads the key alone (readKey); a
   * function may read it together with the replay's answer in one query (null: no key).
   */
  readFirst?: boolean | (() => Promise<KeyLookup | null>);
  /**
   * Claim the key inside the work's transaction, as its last statement, written completed with the
   * work's answer (runIdempotentWithWork) — for calls between services under a saga step's fixed key,
   * where a duplicate is a retry that may wait rather than a till to be answered 409 at once.
   */
  claimWithWork?: boolean;
}

/** A stable hash of any JSON value (object keys sorted). */
export function fingerprintOf(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return createHash('sha256')
    .update(JSON.stringify(canonical(value)))
    .digest('hex');
}

/** A row of idempotency_keys as KEY_COLUMNS reads it. */
export interface KeyRow {
  fingerprint: string;
  state: 'in_flight' | 'completed';
  lease_alive: boolean;
  response_status: number | null;
  response_body: unknown;
  resource_id: string | null;
}

/**
 * The columns of `idempotency_keys k` a StoredKey is built from (toStoredKey), for callers reading the
 * key in their own query; `me`: the SQL parameter holding the reader's ClaimOwner id.
 */
export const keyColumns = (me: string) =>
  `k.fingerprint, k.state, (k.state = 'in_flight' AND NOT ${claimAbandoned('k.owner', 'k.locked_until', me)}) AS lease_alive,
   k.response_status, k.response_body, k.resource_id`;

export function toStoredKey(row: KeyRow): StoredKey {
  return {
    fingerprint: row.fingerprint,
    state: row.state,
    leaseAlive: row.lease_alive,
    answer: {
      status: row.response_status ?? 200,
      body: row.response_body,
      ...(row.resource_id ? { resourceId: row.resource_id } : {}),
    },
  };
}

/** One indexed read of a key as `owner` sees it; null when absent. */
export async function readKey(db: Queryable, tenantId: string, key: string, owner: Pick<ClaimOwner, 'id'>): Promise<StoredKey | null> {
  const { rows } = await db.query<KeyRow>(`SELECT ${keyColumns('$3')} FROM idempotency_keys k WHERE k.tenant_id = $1 AND k.key = $2`, [
    tenantId,
    key,
    owner.id,
  ]);
  return rows[0] ? toStoredKey(rows[0]) : null;
}

/**
 * What a request meets at an existing key (or at none, when its claim lost a race): the one rule of
 * DESIGN §4 for every claim, single or batch. 422 for another body, 409 while another attempt holds
 * it alive (or the key vanished an instant ago: its work failed, a retry may claim it), a replay once
 * completed — or 'abandoned' (lease expired or owner dead): the claim may be taken over.
 */
export function judgeKey(key: StoredKey | null, fingerprint: string): 'replay' | 'abandoned' | HttpProblem {
  if (!key) return problems.inFlight(1);
  if (key.fingerprint !== fingerprint) return problems.keyReused();
  if (key.state === 'completed') return 'replay';
  return key.leaseAlive ? problems.inFlight(1) : 'abandoned';
}

async function meet(
  found: KeyLookup,
  req: IdempotencyRequest,
  options: IdempotencyOptions,
): Promise<(IdempotentAnswer & { replayed: true }) | null> {
  const verdict = judgeKey(found.key, req.fingerprint);
  if (verdict === 'abandoned') return null;
  if (verdict !== 'replay') throw verdict;
  const stored = found.key.answer;
  const answer = found.current ?? (options.replay ? await options.replay(stored) : stored);
  return { ...answer, replayed: true };
}

/** A key to claim: the request's key and the fingerprint of what makes two requests "the same". */
export interface KeyToClaim {
  key: string;
  fingerprint: string;
}

/**
 * How a claim is written: `in_flight`, leased to one attempt (`claimId`) and committed on its own
 * before the work; or `completed` with each key's answer, inside the work's transaction.
 */
type ClaimAs = { state: 'in_flight'; leaseSeconds: number; claimId: string } | { state: 'completed'; answers: readonly IdempotentAnswer[] };

/**
 * The one claim statement: inserts each absent key, and takes over an abandoned claim (lease expired
 * or owner dead) of the same body; returns the keys claimed. A key held by a transaction not yet
 * committed is waited for (then it is completed, or gone and claimed).
 */
async function claimKeys(db: Queryable, tenantId: string, owner: Pick<ClaimOwner, 'id'>, keys: readonly KeyToClaim[], as: ClaimAs) {
  const inFlight = as.state === 'in_flight';
  const answers = inFlight ? [] : as.answers;
  const { rows } = await db.query<{ key: string }>(
    `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, locked_until, owner, claim_id, response_status, response_body, resource_id, completed_at)
     SELECT $1, t.k, t.f, $4, CASE WHEN $4 = 'in_flight' THEN now() + make_interval(secs => $5) END,
            CASE WHEN $4 = 'in_flight' THEN $6 END, $7, t.s, t.b, t.r, CASE WHEN $4 = 'completed' THEN now() END
       FROM unnest($2::text[], $3::text[], $8::int[], $9::jsonb[], $10::text[]) AS t(k, f, s, b, r)
     ON CONFLICT (tenant_id, key) DO UPDATE
       SET state = EXCLUDED.state, locked_until = EXCLUDED.locked_until, owner = EXCLUDED.owner, claim_id = EXCLUDED.claim_id,
           response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body, resource_id = EXCLUDED.resource_id,
           completed_at = EXCLUDED.completed_at
       WHERE idempotency_keys.state = 'in_flight'
         AND ${claimAbandoned('idempotency_keys.owner', 'idempotency_keys.locked_until', '$6')}
         AND idempotency_keys.fingerprint = EXCLUDED.fingerprint
     RETURNING key`,
    [
      tenantId,
      keys.map((k) => k.key),
      keys.map((k) => k.fingerprint),
      as.state,
      inFlight ? as.leaseSeconds : 0,
      owner.id,
      inFlight ? as.claimId : null,
      keys.map((_, i) => answers[i]?.status ?? null),
      keys.map((_, i) => (answers[i] ? JSON.stringify(answers[i].body ?? null) : null)),
      keys.map((_, i) => answers[i]?.resourceId ?? null),
    ],
  );
  return new Set(rows.map((r) => r.key));
}

/**
 * Claims the key for one attempt (`claimId`). Throws when the database cannot say: the claim may or
 * may not have been written, and the caller gives it back (release) either way.
 */
async function claim(pool: Pool, req: IdempotencyRequest, claimId: string): Promise<boolean> {
  const claimed = await claimKeys(pool, req.tenantId, req.owner, [req], {
    state: 'in_flight',
    leaseSeconds: req.leaseSeconds ?? 30,
    claimId,
  });
  return claimed.size === 1;
}

/**
 * Gives this attempt's claim back (its work failed, or the claim's own answer was lost: nothing was
 * recorded); retried by the owner until the database answers. Fenced by the attempt's id, so it never
 * removes the claim of another attempt.
 */
function release(pool: Pool, req: IdempotencyRequest, claimId: string): Promise<void> {
  return req.owner.cleanUp(`idempotency claim ${req.key}`, () =>
    pool.query(`DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = $2 AND state = 'in_flight' AND claim_id = $3`, [
      req.tenantId,
      req.key,
      claimId,
    ]),
  );
}

/** Answers a request whose claim failed: the key exists (or existed a moment ago). */
async function existing(pool: Pool, req: IdempotencyRequest, options: IdempotencyOptions): Promise<IdempotentAnswer & { replayed: true }> {
  const key = await readKey(pool, req.tenantId, req.key, req.owner);
  // The claim vanished between our insert and this read (its work failed): the caller may retry now.
  if (!key) throw problems.inFlight(1);
  const answer = await meet({ key }, req, options);
  // Abandoned, yet our claim lost: another attempt is taking it over right now.
  if (!answer) throw problems.inFlight(0);
  return answer;
}

/**
 * A batch's items to claim: the first occurrence of each key (a later one answers like a replay of it,
 * or 422 with another body), sorted by key so that concurrent batches claim in one order (no deadlocks).
 */
export function batchCandidates<T>(items: Iterable<T>, keyOf: (item: T) => string): T[] {
  const first = new Map<string, T>();
  for (const item of items) if (!first.has(keyOf(item))) first.set(keyOf(item), item);
  return [...first.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, item]) => item);
}

/** What the batch claim came to for one key: claimed (the work is the caller's to do now), a replay, or a problem (409, 422). */
export type BatchClaim = { kind: 'claimed' } | { kind: 'replay' } | { kind: 'problem'; problem: HttpProblem };

/**
 * The batch claim: claims many keys of one tenant inside the caller's transaction, written completed
 * with `answerOf(key)` — the work the caller then does in the same transaction commits with them, so
 * a completed key always points at work that happened. Keys must be distinct; claim them in one order
 * (sorted) across callers, so that concurrent batches never deadlock. The keys not claimed are read
 * in one query and judged as a single request would be (judgeKey). A claimed key whose work turns out
 * not to happen is given back with unclaimBatch, in the same transaction.
 */
export async function claimBatch(
  tx: PoolClient,
  req: { tenantId: string; owner: Pick<ClaimOwner, 'id'>; keys: readonly KeyToClaim[]; answerOf: (key: string) => IdempotentAnswer },
): Promise<Map<string, BatchClaim>> {
  const verdicts = new Map<string, BatchClaim>();
  if (req.keys.length === 0) return verdicts;
  const answers = req.keys.map((k) => req.answerOf(k.key));
  const claimed = await claimKeys(tx, req.tenantId, req.owner, req.keys, { state: 'completed', answers });
  const unclaimed = req.keys.filter((k) => !claimed.has(k.key));
  const { rows } = unclaimed.length
    ? await tx.query<KeyRow & { key: string }>(
        `SELECT k.key, ${keyColumns('$3')} FROM idempotency_keys k WHERE k.tenant_id = $1 AND k.key = ANY($2::text[])`,
        [req.tenantId, unclaimed.map((k) => k.key), req.owner.id],
      )
    : { rows: [] };
  const found = new Map(rows.map((r) => [r.key, toStoredKey(r)]));
  for (const k of req.keys) {
    if (claimed.has(k.key)) {
      verdicts.set(k.key, { kind: 'claimed' });
      continue;
    }
    const verdict = judgeKey(found.get(k.key) ?? null, k.fingerprint);
    // Abandoned, yet not taken over by our claim: another attempt is taking it over right now.
    if (verdict === 'abandoned') verdicts.set(k.key, { kind: 'problem', problem: problems.inFlight(0) });
    else if (verdict === 'replay') verdicts.set(k.key, { kind: 'replay' });
    else verdicts.set(k.key, { kind: 'problem', problem: verdict });
  }
  return verdicts;
}

/**
 * claimBatch over a batch's candidates (batchCandidates), each key answered `status` with its id as the
 * resource: every verdict, and the candidates whose key this transaction now holds — the work to record.
 */
export async function claimCandidates<T>(
  tx: PoolClient,
  req: {
    tenantId: string;
    owner: Pick<ClaimOwner, 'id'>;
    candidates: readonly T[];
    keyOf: (item: T) => string;
    fingerprintOf: (item: T) => string;
    status: number;
  },
): Promise<{ claims: Map<string, BatchClaim>; claimed: T[] }> {
  const claims = await claimBatch(tx, {
    tenantId: req.tenantId,
    owner: req.owner,
    keys: req.candidates.map((c) => ({ key: req.keyOf(c), fingerprint: req.fingerprintOf(c) })),
    answerOf: (id) => ({ status: req.status, body: null, resourceId: id }),
  });
  return { claims, claimed: req.candidates.filter((c) => claims.get(req.keyOf(c))?.kind === 'claimed') };
}

/** Gives back keys claimed by claimBatch in this transaction whose work did not happen. */
export async function unclaimBatch(tx: PoolClient, tenantId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query('DELETE FROM idempotency_keys WHERE tenant_id = $1 AND key = ANY($2::text[])', [tenantId, keys]);
}

/**
 * Runs `work` at most once per (tenant, key). `work` runs inside the transaction that completes
 * the key; throw to record nothing (the claim is released and the error propagates).
 */
export async function runIdempotent(
  pool: Pool,
  req: IdempotencyRequest,
  work: (tx: PoolClient) => Promise<IdempotentAnswer>,
  options: IdempotencyOptions = {},
): Promise<IdempotentAnswer & { replayed: boolean }> {
  if (options.claimWithWork) return runIdempotentWithWork(pool, req, work, options);
  return runIdempotentStaged(pool, req, async () => undefined, work, options);
}

/**
 * The claim taken with the work: ONE transaction runs the work and writes the key completed, with the
 * work's answer, as its last statement — sent with the COMMIT (queryAtCommit), so the call costs no
 * round trip for its key at all. It is a plain INSERT: a key already there fails it on the primary
 * key, and the COMMIT behind it then rolls the work back. So a concurrent duplicate (a retry) waits
 * for the first transaction instead of a 409, then fails its key and replays the first one's answer;
 * a completed key still always points at work that happened, and work whose key lost records nothing.
 * When the work throws, nothing was recorded: a key completed by another attempt of the same request
 * answers it (a replay), a key of another body is 422, and otherwise the error propagates.
 * A claim abandoned in flight (its owner died) is taken over (`takingOver`): the work runs again and
 * then claims the key with claimKeys, which takes the abandoned claim over; if another attempt took
 * it over first, 409 — that attempt is running now.
 */
async function runIdempotentWithWork(
  pool: Pool,
  req: IdempotencyRequest,
  work: (tx: PoolClient) => Promise<IdempotentAnswer>,
  options: IdempotencyOptions,
  takingOver = false,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  try {
    const answer = await withTransaction(pool, async (tx) => {
      const result = await work(tx);
      if (takingOver) {
        const claimed = await claimKeys(tx, req.tenantId, req.owner, [req], { state: 'completed', answers: [result] });
        if (claimed.size !== 1) throw new LostClaim();
      } else {
        queryAtCommit(
          tx,
          `INSERT INTO idempotency_keys (tenant_id, key, fingerprint, state, response_status, response_body, resource_id, completed_at)
           VALUES ($1, $2, $3, 'completed', $4, $5, $6, now())`,
          [req.tenantId, req.key, req.fingerprint, result.status, JSON.stringify(result.body ?? null), result.resourceId ?? null],
        );
      }
      return result;
    });
    return { ...answer, replayed: false };
  } catch (error) {
    const lost = error instanceof LostClaim || isKeyConflict(error);
    const key = await readKey(pool, req.tenantId, req.key, req.owner);
    // The key that beat ours is gone again (its work rolled back): the caller may retry now.
    if (!key) throw lost ? problems.inFlight(1) : error;
    const answer = await meet({ key }, req, options);
    if (answer) return answer;
    if (lost && !takingOver) return runIdempotentWithWork(pool, req, work, options, true);
    throw lost ? problems.inFlight(0) : error;
  }
}

/** Our key's INSERT met a key already there. */
function isKeyConflict(error: unknown): boolean {
  return pgErrorCode(error) === PG_ERRORS.uniqueViolation && (error as { constraint?: unknown }).constraint === 'idempotency_keys_pkey';
}

/**
 * runIdempotent with a first stage: `prepare` runs once the claim is won and before the transaction
 * opens, so a slow call to another system (a card processor) holds the claim — concurrent duplicates
 * are answered 409 — but neither a transaction nor a pooled connection. Its result is handed to
 * `work`. Throw from either stage to record nothing (the claim is released). `prepare` must finish
 * well inside `leaseSeconds`, or another attempt may take the claim over while it runs.
 */
export async function runIdempotentStaged<P>(
  pool: Pool,
  req: IdempotencyRequest,
  prepare: () => Promise<P>,
  work: (tx: PoolClient, prepared: P) => Promise<IdempotentAnswer>,
  options: IdempotencyOptions = {},
): Promise<IdempotentAnswer & { replayed: boolean }> {
  return runClaimed(pool, req, options, async () => {
    const prepared = await prepare();
    return withTransaction(pool, async (tx) => {
      const result = await work(tx, prepared);
      if (!(await completeKey(tx, req, result))) throw new LostClaim();
      return result;
    });
  });
}

/**
 * The claim's life around `run`: read first (if asked), claim (in flight, committed on its own), run;
 * a lost claim is answered as the key now stands, and any other failure gives the claim back.
 */
async function runClaimed(
  pool: Pool,
  req: IdempotencyRequest,
  options: IdempotencyOptions,
  run: () => Promise<IdempotentAnswer>,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  if (options.readFirst) {
    const found =
      typeof options.readFirst === 'function'
        ? await options.readFirst()
        : await readKey(pool, req.tenantId, req.key, req.owner).then((key) => (key ? { key } : null));
    const answer = found && (await meet(found, req, options));
    if (answer) return answer;
  }
  const claimId = randomUUID();
  let claimed: boolean;
  try {
    claimed = await claim(pool, req, claimId);
  } catch (error) {
    await release(pool, req, claimId);
    throw error;
  }
  if (!claimed) return existing(pool, req, options);
  try {
    return { ...(await run()), replayed: false };
  } catch (error) {
    if (error instanceof LostClaim) return existing(pool, req, options);
    await release(pool, req, claimId);
    throw error;
  }
}

/**
 * The one completion statement of an in-flight claim: the key becomes completed with the work's answer.
 * `p(i)` names the i-th of the six values completionValues lists, as the caller's statement numbers them.
 */
const completionUpdate = (p: (i: number) => string) =>
  `UPDATE idempotency_keys
      SET state = 'completed', response_status = ${p(2)}, response_body = ${p(3)}, resource_id = ${p(4)}, completed_at = now(),
          locked_until = NULL, owner = NULL, claim_id = NULL
    WHERE tenant_id = ${p(0)} AND key = ${p(1)} AND state = 'in_flight' AND fingerprint = ${p(5)}`;

const completionValues = (req: IdempotencyRequest, answer: IdempotentAnswer): unknown[] => [
  req.tenantId,
  req.key,
  answer.status,
  JSON.stringify(answer.body ?? null),
  answer.resourceId ?? null,
  req.fingerprint,
];

/** Completes this request's in-flight claim with `answer`; false when it is no longer in flight (taken over and completed). */
async function completeKey(db: Queryable, req: IdempotencyRequest, answer: IdempotentAnswer): Promise<boolean> {
  const completed = await db.query(
    completionUpdate((i) => `$${i + 1}`),
    completionValues(req, answer),
  );
  return completed.rowCount === 1;
}

/**
 * The key's completion, for work that is ONE statement (runIdempotentInOneStatement): the work adds
 * `cte(first, when)` — a CTE named `completed` whose values are `values`, numbered from `$first` on,
 * run only where the SQL condition `when` holds (the work happened) — and reports whether it completed.
 * `complete` is the same completion as a statement of its own, for a path where the work's statement
 * did not do it (an earlier identical record found instead).
 */
export interface KeyCompletion {
  values: unknown[];
  cte(first: number, when: string): string;
  complete(db: Queryable): Promise<boolean>;
}

/**
 * runIdempotentStaged for work that is ONE statement: the work folds the key's completion into it
 * (KeyCompletion), so recording takes one round trip and no transaction — the statement is atomic
 * by itself. The work answers whether its statement (or `complete`) completed the key: false means
 * the claim was taken over meanwhile, and the answer is the other attempt's. Throwing records nothing
 * and gives the claim back, as in runIdempotentStaged.
 */
export async function runIdempotentInOneStatement<P>(
  pool: Pool,
  req: IdempotencyRequest,
  prepare: () => Promise<P>,
  work: (prepared: P, completion: (answer: IdempotentAnswer) => KeyCompletion) => Promise<{ answer: IdempotentAnswer; completed: boolean }>,
  options: IdempotencyOptions = {},
): Promise<IdempotentAnswer & { replayed: boolean }> {
  return runClaimed(pool, req, options, async () => {
    const prepared = await prepare();
    const { answer, completed } = await work(prepared, (answer) => ({
      values: completionValues(req, answer),
      cte: (first, when) => `completed AS (${completionUpdate((i) => `$${first + i}`)} AND (${when}) RETURNING 1)`,
      complete: (db) => completeKey(db, req, answer),
    }));
    if (!completed) throw new LostClaim();
    return answer;
  });
}

/** Another attempt completed the key while this one worked (it took our claim over: lease expired, or we looked dead). */
class LostClaim extends Error {}

/** Writes an idempotent answer, marking replays. */
export function sendIdempotent(res: Response, answer: IdempotentAnswer & { replayed: boolean }): void {
  if (answer.replayed) res.setHeader(HEADERS.idempotentReplayed, 'true');
  res.status(answer.status).json(answer.body);
}

/** Deletes completed keys older than the retention (≥ 30 days by contract). Returns how many. */
export async function pruneIdempotencyKeys(pool: Pool, retentionDays: number): Promise<number> {
  const result = await pool.query(
    `DELETE FROM idempotency_keys WHERE state = 'completed' AND created_at < now() - make_interval(days => $1)`,
    [Math.max(30, retentionDays)],
  );
  return result.rowCount ?? 0;
}
