/** PostgreSQL access: one pool per service, transactions through `withTransaction` only. */
import { createHash } from 'node:crypto';
import pg from 'pg';

// BIGINT (int8) and NUMERIC come back as strings by default; every such column here holds
// counters and minor units well inside 2^53, so they are parsed as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;
/** Anything that can run a query: the pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

export interface PoolOptions {
  connectionString: string;
  max: number;
  applicationName: string;
}

/**
 * How many distinct statements a connection keeps prepared. The services' statements are fixed
 * templates (a few hundred); past this bound — SQL built with a varying shape — a statement simply
 * runs unprepared, so a connection's prepared set cannot grow without end.
 */
const MAX_PREPARED_PER_CONNECTION = 1_000;

/**
 * The pool's client: a parameterised statement runs as a NAMED prepared statement of its
 * connection (the name derived from its text), so PostgreSQL parses and analyses it once per
 * connection instead of on every call (and, once its plan is cached, plans it once too: see createPool).
 */
class PreparingClient extends pg.Client {
  readonly #prepared = new Set<string>();
  #corked = false;

  /**
   * The statements asked for in one tick leave in ONE socket write: pipelined, each would otherwise be
   * its own write system call and wake PostgreSQL once each (BEGIN and a transaction's first statement,
   * a closing write and its COMMIT, the writes a handler sends together).
   */
  #corkForThisTick(): void {
    const stream = (this as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
    if (this.#corked || !stream?.cork || !stream.uncork) return;
    this.#corked = true;
    stream.cork();
    process.nextTick(() => {
      this.#corked = false;
      stream.uncork?.();
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: pg's query has many overloads; this forwards them all.
  override query(config: any, values?: any, callback?: any): any {
    this.#corkForThisTick();
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = statementName(config);
      if (this.#prepared.has(name) || this.#prepared.size < MAX_PREPARED_PER_CONNECTION) {
        this.#prepared.add(name);
        return super.query({ name, text: config, values }, callback);
      }
    }
    return super.query(config, values, callback);
  }
}

const names = new Map<string, string>();
/** A statement's name: a hash of its text (names are per connection; the text decides the statement). */
function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    if (names.size < 10 * MAX_PREPARED_PER_CONNECTION) names.set(text, name);
  }
  return name;
}

export function createPool(options: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    Client: PreparingClient,
    // PostgreSQL's own plan cache rule: a prepared statement's first five calls are planned for their
    // values, then its generic plan is kept if it costs no more than they did. The fixed single-order
    // statements of a checkout (saga transition, key claim, order record) then stop being planned on
    // every call — planning was a third of PostgreSQL's CPU per card order. A cached plan is dropped
    // when ANALYZE renews a table's statistics, so a plan chosen on a tiny table does not outlive its
    // growth, and the batch statements probe primary keys whatever the plan ("= ANY" repeats the join).
    options: '-c plan_cache_mode=auto',
    // Queries are written as soon as they are asked for, without waiting for the previous answer
    // (pg's pipeline mode): withTransaction's BEGIN goes out with the transaction's first statement.
    // Each query is still its own Sync, so one failing does not skip the next.
    pipeline: true,
    connectionString: options.connectionString,
    max: options.max,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A client losing its connection (database restart, network cut) must not crash the process.
  // Idle clients report it to the pool; a checked-out client emits 'error' on itself (besides
  // failing its queries, which is how the work in progress learns of it), and an 'error' event
  // without a listener is an uncaught exception. Found by chaos/database-outage.pg.test.ts.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** PostgreSQL error codes this code reacts to. */
export const PG_ERRORS = {
  uniqueViolation: '23505',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
} as const;

export function pgErrorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** The statements a transaction's work left to run just before its COMMIT (queryAtCommit), per client. */
const commitTails = new WeakMap<pg.PoolClient, { text: string; values: unknown[] }[]>();

/**
 * Queues a write to run as the transaction's LAST statement: withTransaction sends it together with
 * COMMIT (the pool pipelines), once `fn` has finished, so no round trip to this process separates
 * it from the commit. For a statement that takes a lock other transactions queue on (Inventory's
 * per-tenant catalogue counter): the lock is then held for the statement and the commit only, not
 * also while a busy process answers the statements after it. Its result is not returned; if it
 * fails, the COMMIT that follows it becomes a rollback and withTransaction throws its error.
 * Callable only inside withTransaction (throws otherwise: a queued write would never run).
 */
export function queryAtCommit(tx: pg.PoolClient, text: string, values: unknown[]): void {
  const tail = commitTails.get(tx);
  if (!tail) throw new Error('queryAtCommit: not inside withTransaction');
  tail.push({ text, values });
}

/**
 * Runs `fn` in one transaction (READ COMMITTED unless told otherwise) and commits, or rolls back
 * on any error. Serialization failures and deadlocks are retried a few times: they mean only that
 * a concurrent transaction won, and the work is safe to repeat because nothing was committed.
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  fn: (client: pg.PoolClient) => Promise<T>,
  options: { isolation?: 'read committed' | 'repeatable read' | 'serializable'; retries?: number } = {},
): Promise<T> {
  const retries = options.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    const tail: { text: string; values: unknown[] }[] = [];
    commitTails.set(client, tail);
    try {
      // Not awaited: pipelined, it reaches PostgreSQL with the work's first statement (one round trip
      // fewer). A BEGIN that fails means a broken connection, which fails that statement too; its own
      // error is read before COMMIT.
      const begun = client.query(`BEGIN ISOLATION LEVEL ${(options.isolation ?? 'read committed').toUpperCase()}`);
      begun.catch(() => {});
      const result = await fn(client);
      await begun;
      commitTails.delete(client);
      // Each pipelined statement is its own Sync: a failing tail statement aborts the transaction and
      // the COMMIT behind it then rolls back (PostgreSQL answers a COMMIT of an aborted transaction
      // with ROLLBACK), so nothing of the work is kept.
      const last = tail.map((q) => client.query(q.text, q.values));
      const committed = client.query('COMMIT');
      for (const q of last) q.catch(() => {});
      committed.catch(() => {});
      for (const q of last) await q;
      await committed;
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      const code = pgErrorCode(error);
      const retryable = code === PG_ERRORS.serializationFailure || code === PG_ERRORS.deadlockDetected;
      if (!retryable || attempt >= retries) throw error;
    } finally {
      commitTails.delete(client);
      client.release();
    }
  }
}
