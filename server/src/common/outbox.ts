/**
 * The transactional outbox: an event is appended in the same transaction as the state change it
 * describes, so an event exists iff its change committed. Each event carries the order id as
 * correlation id and the process's Lamport time.
 */
import type { EventType, PosEvent } from '@pos/shared/event';
import { lamport } from './clock.ts';
import type { Pool, Queryable } from './db.ts';

export interface NewEvent {
  tenantId: string;
  type: EventType;
  correlationId: string | null;
  data: Record<string, unknown>;
}

/**
 * Appends one event. Contract with the relay (outbox-relay.ts): the transaction has its id (xid)
 * BEFORE the event draws its outbox id — `pg_current_xact_id()` in the WHERE runs before the row's
 * `nextval` — so an event invisible to a snapshot always belongs to a transaction that snapshot
 * counts as running (or one that starts later and draws a higher id). Every insert into outbox must
 * keep that order (saga-transition.ts inserts after its UPDATE, which took the xid).
 */
export async function appendEvent(tx: Queryable, event: NewEvent): Promise<void> {
  await tx.query(
    `INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
     SELECT $1, $2, $3, $4, $5 WHERE pg_current_xact_id() IS NOT NULL`,
    [event.tenantId, event.type, event.correlationId, lamport.tick(), JSON.stringify(event.data)],
  );
}

/** appendEvent for many events in one statement (a batch of orders records all its events at once); same contract. */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::jsonb[]) WHERE pg_current_xact_id() IS NOT NULL`,
    [
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      events.map((e) => e.correlationId),
      events.map(() => lamport.tick()),
      events.map((e) => JSON.stringify(e.data)),
    ],
  );
}

interface OutboxRow {
  position: number;
  tenant_id: string;
  type: EventType;
  correlation_id: string | null;
  lamport: number;
  occurred_at: Date;
  payload: Record<string, unknown>;
}

const toEvent = (r: OutboxRow): PosEvent => ({
  id: String(r.position),
  type: r.type,
  correlationId: r.correlation_id,
  lamport: r.lamport,
  occurredAt: r.occurred_at.toISOString(),
  data: r.payload,
});

/** A tenant's published events after feed position `after`, in feed order. The event's `id` is its position. */
export async function readEvents(db: Queryable, tenantId: string, after: number, limit: number): Promise<PosEvent[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT position, tenant_id, type, correlation_id, lamport, occurred_at, payload FROM outbox
      WHERE tenant_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
    [tenantId, after, limit],
  );
  return rows.map(toEvent);
}

/** A tenant's published events of one correlation id (an order's), in feed order (pos-core migration 004 indexes it). */
export async function readCorrelatedEvents(db: Queryable, tenantId: string, correlationId: string, limit: number): Promise<PosEvent[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT position, tenant_id, type, correlation_id, lamport, occurred_at, payload FROM outbox
      WHERE tenant_id = $1 AND correlation_id = $2 AND position IS NOT NULL ORDER BY position LIMIT $3`,
    [tenantId, correlationId, limit],
  );
  return rows.map(toEvent);
}

/** The tenant's latest feed position (0: none yet): a reader that wants only what follows resumes after it. */
export async function latestPosition(db: Queryable, tenantId: string): Promise<number> {
  const { rows } = await db.query<{ position: string | null }>('SELECT max(position) AS position FROM outbox WHERE tenant_id = $1', [
    tenantId,
  ]);
  return Number(rows[0]?.position ?? 0);
}

/** An event of the whole outbox (every tenant), as the event bus carries it. */
export interface FeedEvent extends PosEvent {
  tenantId: string;
}

/**
 * Every tenant's published events after feed position `after`, in feed order: what the event bus
 * carries (common/bus). Positions become visible in increasing order (publishPending), so paging by
 * position never skips an event.
 */
export async function readFeed(db: Queryable, after: number, limit: number): Promise<FeedEvent[]> {
  const { rows } = await db.query<OutboxRow>(
    `SELECT position, tenant_id, type, correlation_id, lamport, occurred_at, payload FROM outbox
      WHERE position > $1 ORDER BY position LIMIT $2`,
    [after, limit],
  );
  return rows.map((r) => ({ ...toEvent(r), tenantId: r.tenant_id }));
}

const RELAY_LOCK_ID = 727_002;

/** What one relay step did. */
export interface PublishResult {
  published: number;
  /** The highest outbox id it numbered (null when none). */
  highestId: number | null;
  /** The step's snapshot: its oldest running transaction (xmin) and the first unassigned one (xmax). */
  snapshot: { xmin: bigint; xmax: bigint } | null;
}

/**
 * The relay step: gives committed, unpublished events with an id above `afterId` their feed
 * position, oldest id first, at most `batch`. Safe to run from many processes: a transaction-scoped
 * advisory lock lets one at a time assign positions, so positions become visible in increasing order.
 *
 * The lock is taken in its own statement (sent with the BEGIN) before the UPDATE, so no row is numbered without it. The
 * UPDATE picks its rows through the partial index of unpublished events, from `afterId` on: that
 * index keeps an entry for every event numbered since the last VACUUM (dead, but still read), so a
 * scan from the start costs O(events since VACUUM); outbox-relay.ts passes a floor below which
 * everything is known to be numbered, computed from the snapshot this returns.
 */
export async function publishPending(pool: Pool, batch = 1_000, afterId = 0): Promise<PublishResult> {
  const client = await pool.connect();
  try {
    // BEGIN and the lock in one round trip (two statements of one simple query: no parameters).
    const [, locked] = (await client.query(`BEGIN; SELECT pg_try_advisory_xact_lock(${RELAY_LOCK_ID}) AS ok`)) as unknown as [
      unknown,
      { rows: { ok: boolean }[] },
    ];
    if (!locked.rows[0]?.ok) {
      await client.query('ROLLBACK');
      return { published: 0, highestId: null, snapshot: null };
    }
    const { rows } = await client.query<{ published: number; highest_id: number | null; xmin: string; xmax: string }>(
      // Positions are drawn in id order (the ordered subquery is scanned in order; OFFSET 0 keeps it
      // from being flattened), so events appended together — an order's price mismatch, then its
      // final status — keep their order in the feed. One statement, one snapshot: the xmin/xmax
      // returned are those of the snapshot that chose the rows.
      `WITH picked AS (
         SELECT id, nextval('outbox_position') AS position
           FROM (SELECT id FROM outbox WHERE position IS NULL AND id > $2 ORDER BY id LIMIT $1 OFFSET 0) AS unpublished
       ), numbered AS (
         UPDATE outbox o SET position = picked.position, published_at = now() FROM picked WHERE o.id = picked.id
         RETURNING o.id
       )
       SELECT count(*)::int AS published, max(id) AS highest_id,
              pg_snapshot_xmin(pg_current_snapshot())::text AS xmin, pg_snapshot_xmax(pg_current_snapshot())::text AS xmax
         FROM numbered`,
      [batch, afterId],
    );
    await client.query('COMMIT');
    const row = rows[0];
    return {
      published: row?.published ?? 0,
      highestId: row?.highest_id ?? null,
      snapshot: row ? { xmin: BigInt(row.xmin), xmax: BigInt(row.xmax) } : null,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
