/**
 * The PostgreSQL transport (the embedded default, no Redis): a consumer reads the outbox feeds of
 * the services that publish its families directly, by feed position (readFeed — the same feed the
 * Redis relay publishes), read-only. The group's state lives in the consumer's own database
 * (bus_offsets): the position acked so far per source, and a lease so one member of the group reads
 * a source at a time; when that member dies, another takes the source over once the lease runs out
 * (the counterpart of XAUTOCLAIM) and gets everything unacked again.
 */
import type { Pool } from '../db.ts';
import { readFeed } from '../outbox.ts';
import { EVENT_FAMILIES, type EventFamily, familyOf, type SourceService, toBusEvent } from './bus-event.ts';
import type { Delivery, EventTransport } from './event-transport.ts';

export interface PostgresTransportOptions {
  /** The consumer's own database (bus_offsets). */
  pool: Pool;
  /** A read-only pool on the database of each service whose families the consumer reads. */
  sources: Partial<Record<SourceService, Pool>>;
  group: string;
  consumer: string;
  families: readonly EventFamily[];
  leaseMs: number;
  /** How often an idle reader looks again (within `waitMs`). */
  pollMs?: number;
}

interface Receipt {
  source: SourceService;
  /** Acking this delivery acks the feed up to here (events of other families skipped included). */
  upTo: number;
}

export function createPostgresTransport(options: PostgresTransportOptions): EventTransport {
  const { pool, group, consumer, leaseMs } = options;
  const pollMs = options.pollMs ?? 100;
  const wanted = new Set(options.families);
  const sources = [...new Set(options.families.map((f) => EVENT_FAMILIES[f]))];
  for (const s of sources) if (!options.sources[s]) throw new Error(`event bus: no database of ${s} to read ${group}'s events from`);
  const sourcePool = (s: SourceService) => options.sources[s] as Pool;

  /** Takes or renews this member's lease on a source; its acked position, or null when another member holds it. */
  async function lease(source: SourceService): Promise<number | null> {
    const { rows } = await pool.query<{ position: number }>(
      `INSERT INTO bus_offsets AS o (consumer, source, lease_owner, lease_until)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000))
       ON CONFLICT (consumer, source) DO UPDATE SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until
        WHERE o.lease_owner = EXCLUDED.lease_owner OR o.lease_owner IS NULL OR o.lease_until < now()
       RETURNING position`,
      [group, source, consumer, leaseMs],
    );
    return rows[0]?.position ?? null;
  }

  async function advance(source: SourceService, upTo: number) {
    await pool.query('UPDATE bus_offsets SET position = GREATEST(position, $3) WHERE consumer = $1 AND source = $2 AND lease_owner = $4', [
      group,
      source,
      upTo,
      consumer,
    ]);
  }

  async function readOnce(count: number): Promise<Delivery[]> {
    const out: Delivery[] = [];
    for (const source of sources) {
      const from = await lease(source);
      if (from === null) continue;
      const page = await readFeed(sourcePool(source), from, count);
      const mine = page.filter((e) => wanted.has(familyOf(e.type)));
      const end = Number(page.at(-1)?.id ?? from);
      if (mine.length === 0) {
        if (page.length > 0) await advance(source, end);
        continue;
      }
      mine.forEach((e, i) => {
        const last = i === mine.length - 1;
        out.push({ event: toBusEvent(source, e), receipt: { source, upTo: last ? end : Number(e.id) } satisfies Receipt });
      });
    }
    return out;
  }

  return {
    kind: 'postgres',
    async read(count, waitMs) {
      const until = Date.now() + waitMs;
      for (;;) {
        const deliveries = await readOnce(count);
        if (deliveries.length > 0 || Date.now() + pollMs > until) return deliveries;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    async ack(deliveries) {
      const upTo = new Map<SourceService, number>();
      for (const d of deliveries) {
        const r = d.receipt as Receipt;
        upTo.set(r.source, Math.max(upTo.get(r.source) ?? 0, r.upTo));
      }
      for (const [source, position] of upTo) await advance(source, position);
    },
    async lag() {
      let total = 0;
      for (const source of sources) {
        const head = await sourcePool(source).query<{ head: number | null }>('SELECT max(position) AS head FROM outbox');
        const acked = await pool.query<{ position: number }>('SELECT position FROM bus_offsets WHERE consumer = $1 AND source = $2', [
          group,
          source,
        ]);
        total += Math.max(0, (head.rows[0]?.head ?? 0) - (acked.rows[0]?.position ?? 0));
      }
      return total;
    },
    async close() {
      await pool.query('UPDATE bus_offsets SET lease_owner = NULL, lease_until = NULL WHERE consumer = $1 AND lease_owner = $2', [
        group,
        consumer,
      ]);
    },
  };
}
