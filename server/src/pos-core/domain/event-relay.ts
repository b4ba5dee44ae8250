/**
 * The events relay: pulls Inventory's and Payment's feeds (`GET /v1/events?after=`, service
 * credential, per tenant) and re-appends each event once into POS Core's outbox, so a till follows one
 * SSE feed (stock.changed, product.changed, payment.*); a page that says `hasMore` is followed at once.
 * Dedupe: (source, tenant, source position) is recorded in the transaction that appends the copy,
 * together with the cursor.
 *
 * Each page is parsed with `eventPage` (shared/src/event.ts): a page that does not parse is not
 * relayed and its cursor stays, so the next round asks for it again (service-call.ts counts it).
 *
 * Tenants followed: every store POS Core knows (its `stores` table) and every tenant with orders here
 * (a store whose credentials are configured may sell without a row of its own).
 */
import { eventPage, type PosEvent } from '@pos/shared/event';
import { lamport } from '../../common/clock.ts';
import { type Pool, type PoolClient, withTransaction } from '../../common/db.ts';
import { appendEvents } from '../../common/outbox.ts';
import type { ServiceCaller } from '../downstream/service-call.ts';

const PAGE = 500;

export interface RelaySource {
  name: 'inventory' | 'payment';
  caller: ServiceCaller;
}

async function relayPage(pool: Pool, source: RelaySource, tenantId: string): Promise<{ appended: number; full: boolean }> {
  const cursor = await pool.query<{ position: number }>('SELECT position FROM relay_cursors WHERE source = $1 AND tenant_id = $2', [
    source.name,
    tenantId,
  ]);
  const after = cursor.rows[0]?.position ?? 0;
  const answer = await source.caller.call(
    { method: 'GET', path: `/v1/events?after=${after}&limit=${PAGE}`, tenantId, correlationId: `relay:${source.name}` },
    eventPage,
  );
  if (answer.kind !== 'ok' || answer.body.events.length === 0) return { appended: 0, full: false };
  const { events } = answer.body;
  const last = Math.max(after, ...events.map((e) => Number(e.id)).filter(Number.isSafeInteger));
  const appended = await withTransaction(pool, async (tx) => {
    const n = await appendOnce(tx, source.name, tenantId, events);
    await tx.query(
      `INSERT INTO relay_cursors (source, tenant_id, position) VALUES ($1, $2, $3)
       ON CONFLICT (source, tenant_id) DO UPDATE SET position = GREATEST(relay_cursors.position, EXCLUDED.position)`,
      [source.name, tenantId, last],
    );
    return n;
  });
  return { appended, full: answer.body.hasMore === true };
}

/** Appends the copies of the events not relayed before, in feed order, in two statements (a page is up to 500 events). */
async function appendOnce(tx: PoolClient, source: string, tenantId: string, events: readonly PosEvent[]): Promise<number> {
  if (events.length === 0) return 0;
  const fresh = await tx.query<{ source_position: number }>(
    `INSERT INTO relayed_events (source, tenant_id, source_position) SELECT $1, $2, p FROM unnest($3::bigint[]) AS p
     ON CONFLICT DO NOTHING RETURNING source_position`,
    [source, tenantId, events.map((e) => Number(e.id))],
  );
  const isFresh = new Set(fresh.rows.map((r) => r.source_position));
  const copies = events.filter((e) => isFresh.has(Number(e.id)));
  for (const e of copies) lamport.observe(e.lamport);
  await appendEvents(
    tx,
    copies.map((e) => ({ tenantId, type: e.type, correlationId: e.correlationId, data: { ...e.data, source, sourceEventId: e.id } })),
  );
  return copies.length;
}

/** One relay round over every source and tenant; true when a source had more waiting (run again at once). */
export async function relayEvents(pool: Pool, sources: readonly RelaySource[]): Promise<{ appended: number; more: boolean }> {
  // The distinct tenants by skipping through the primary key's index (one probe per tenant), not a scan
  // of every order: this runs every round, and the orders table only grows.
  const tenants = await pool.query<{ tenant_id: string }>(
    `WITH RECURSIVE t AS (
       (SELECT tenant_id FROM orders ORDER BY tenant_id LIMIT 1)
       UNION ALL
       SELECT (SELECT o.tenant_id FROM orders o WHERE o.tenant_id > t.tenant_id ORDER BY o.tenant_id LIMIT 1) FROM t WHERE t.tenant_id IS NOT NULL
     )
     SELECT tenant_id FROM t WHERE tenant_id IS NOT NULL UNION SELECT tenant_id FROM stores`,
  );
  let appended = 0;
  let more = false;
  for (const source of sources) {
    for (const { tenant_id } of tenants.rows) {
      const page = await relayPage(pool, source, tenant_id);
      appended += page.appended;
      more ||= page.full;
    }
  }
  return { appended, more };
}
