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

export async function appendEvent(tx: Queryable, event: NewEvent): Promise<void> {
  await tx.query('INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload) VALUES ($1, $2, $3, $4, $5)', [
    event.tenantId,
    event.type,
    event.correlationId,
    lamport.tick(),
    JSON.stringify(event.data),
  ]);
}

/** appendEvent for many events in one statement (a batch of orders records all its events at once). */
export async function appendEvents(tx: Queryable, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO outbox (tenant_id, type, correlation_id, lamport, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::jsonb[])`,
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
    `SELECT position, type, correlation_id, lamport, occurred_at, payload FROM outbox
      WHERE tenant_id = $1 AND position > $2 ORDER BY position LIMIT $3`,
    [tenantId, after, limit],
  );
  return rows.map(toEvent);
}

const RELAY_LOCK_ID = 727_002;

/**
 * The relay step: gives every committed, unpublished event its feed position, oldest id first.
 * Safe to run from many processes: a transaction-scoped advisory lock lets one at a time assign
 * positions, so positions become visible in increasing order. Returns how many events it published.
 *
 * The lock is taken in its own statement before the UPDATE, so no row is numbered without it, and
 * the UPDATE picks its rows through the partial index of unpublished events (cost O(batch)).
 */
export async function publishPending(pool: Pool, batch = 1_000): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const locked = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [RELAY_LOCK_ID]);
    if (!locked.rows[0]?.ok) {
      await client.query('ROLLBACK');
      return 0;
    }
    const result = await client.query(
      `UPDATE outbox SET position = nextval('outbox_position'), published_at = now()
        WHERE id IN (SELECT id FROM outbox WHERE position IS NULL ORDER BY id LIMIT $1)`,
      [batch],
    );
    await client.query('COMMIT');
    return result.rowCount ?? 0;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
