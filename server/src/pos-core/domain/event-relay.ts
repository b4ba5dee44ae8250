/**
 * The events relay: pulls Inventory's and Payment's feeds (`GET /v1/events?after=`, service
 * credential, per tenant) and re-appends each event once into POS Core's outbox, so a till follows one
 * SSE feed (stock.changed, product.changed, payment.*). Dedupe: (source, tenant, source position) is
 * recorded in the transaction that appends the copy, together with the cursor.
 *
 * Tenants followed: those that have orders here, plus the demo store.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { type PosEvent, posEvent } from '@pos/shared/event';
import { lamport } from '../../common/clock.ts';
import { type Pool, type PoolClient, withTransaction } from '../../common/db.ts';
import { appendEvent } from '../../common/outbox.ts';
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
  const answer = await source.caller.call<{ events: unknown[] }>({
    method: 'GET',
    path: `/v1/events?after=${after}&limit=${PAGE}`,
    tenantId,
    correlationId: `relay:${source.name}`,
  });
  if (answer.kind !== 'ok' || !Array.isArray(answer.body?.events) || answer.body.events.length === 0) return { appended: 0, full: false };
  const events = answer.body.events.map((e) => posEvent.safeParse(e)).flatMap((r) => (r.success ? [r.data] : []));
  const last = Math.max(after, ...events.map((e) => Number(e.id)).filter(Number.isSafeInteger));
  const appended = await withTransaction(pool, async (tx) => {
    let n = 0;
    for (const event of events) n += await appendOnce(tx, source.name, tenantId, event);
    await tx.query(
      `INSERT INTO relay_cursors (source, tenant_id, position) VALUES ($1, $2, $3)
       ON CONFLICT (source, tenant_id) DO UPDATE SET position = GREATEST(relay_cursors.position, EXCLUDED.position)`,
      [source.name, tenantId, last],
    );
    return n;
  });
  return { appended, full: answer.body.events.length === PAGE };
}

async function appendOnce(tx: PoolClient, source: string, tenantId: string, event: PosEvent): Promise<number> {
  const fresh = await tx.query(
    'INSERT INTO relayed_events (source, tenant_id, source_position) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
    [source, tenantId, Number(event.id)],
  );
  if (fresh.rowCount !== 1) return 0;
  lamport.observe(event.lamport);
  await appendEvent(tx, {
    tenantId,
    type: event.type,
    correlationId: event.correlationId,
    data: { ...event.data, source, sourceEventId: event.id },
  });
  return 1;
}

/** One relay round over every source and tenant; true when a source had more waiting (run again at once). */
export async function relayEvents(pool: Pool, sources: readonly RelaySource[]): Promise<{ appended: number; more: boolean }> {
  const tenants = await pool.query<{ tenant_id: string }>('SELECT DISTINCT tenant_id FROM orders UNION SELECT $1', [DEMO_TENANT_ID]);
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
