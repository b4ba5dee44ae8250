/**
 * The Redis relay of one service: publishes its outbox feed (the events of the families it owns,
 * bus-event.ts) to Redis Streams, one stream per family, each stream bounded (`MAXLEN ~`).
 *
 * No entry is published twice for one outbox position: the entry id is `<position>-0` and Redis
 * refuses an XADD whose id is not above the stream's last one ("equal or smaller"), so a relay that
 * crashed after Redis took a batch, a second instance of the service, or a retried batch cannot
 * add an entry again — the refusal is counted and skipped. Where to resume is read from Redis itself
 * (each owned stream's last-generated-id) at every step, so a relay restart needs no cursor of its
 * own; a batch is one MULTI/EXEC, so a connection lost midway leaves all or none of it.
 *
 * A Redis restart without persistence empties the streams (their last ids go back to 0): the relay
 * sees its resume point go back and publishes the feed again from there — the streams hold each
 * position once again, and consumers' inboxes absorb what they had already handled. A Redis with
 * persistence resumes where it was.
 */
import type { Redis } from 'ioredis';
import client from 'prom-client';
import type { Pool } from '../db.ts';
import { readFeed } from '../outbox.ts';
import { type EventFamily, familiesOf, familyOf, publishedBy, type SourceService, streamKey } from './bus-event.ts';
import { redisReady } from './redis-client.ts';

export interface RedisPublisherOptions {
  pool: Pool;
  redis: Redis;
  source: SourceService;
  /** Approximate bound of each stream (XADD MAXLEN ~). */
  maxLen: number;
  batch?: number;
  registry?: client.Registry;
}

export interface RedisPublisher {
  /** One step; true when the page was full (more may be waiting). */
  step(): Promise<boolean>;
}

/** Enough for consumers to be down a while under full load (the bench drains 10,000 sales ≈ 40,000 events). */
export const DEFAULT_STREAM_MAX_LEN = 1_000_000;

const REFUSED = /equal or smaller than the target stream top item/;

/** The highest position published to any of the streams (0 when none exists). */
async function publishedUpTo(redis: Redis, families: readonly EventFamily[]): Promise<number> {
  const pipeline = redis.pipeline();
  for (const f of families) pipeline.xinfo('STREAM', streamKey(f));
  const results = (await pipeline.exec()) ?? [];
  let highest = 0;
  for (const [error, info] of results) {
    if (error) {
      if (/no such key/i.test(error.message)) continue;
      throw error;
    }
    const fields = info as unknown[];
    const at = fields.indexOf('last-generated-id');
    const last = at >= 0 ? String(fields[at + 1]) : '0-0';
    highest = Math.max(highest, Number(last.split('-')[0]));
  }
  return highest;
}

export function createRedisPublisher(options: RedisPublisherOptions): RedisPublisher {
  const { pool, redis, source, maxLen } = options;
  const batch = options.batch ?? 500;
  const families = familiesOf(source);
  const registers = options.registry ? [options.registry] : [];
  const published = new client.Counter({
    name: 'bus_relay_published_total',
    help: 'Outbox events the relay added to Redis Streams',
    registers,
  });
  const refused = new client.Counter({
    name: 'bus_relay_refused_total',
    help: 'XADDs Redis refused because the entry (that outbox position) was already there',
    registers,
  });
  const delay = new client.Histogram({
    name: 'bus_relay_delay_seconds',
    help: 'From the outbox insert to the entry in Redis',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  /** Relay lag: events of this outbox's feed not yet passed by the relay. */
  let lagEvents = 0;
  new client.Gauge({
    name: 'bus_relay_lag_events',
    help: 'Published outbox events the relay has not passed yet',
    registers,
    collect() {
      this.set(lagEvents);
    },
  });
  /** Feed position up to which this process has looked (it skips other families' events). */
  let scanned = 0;
  /** The highest position this process knows Redis holds: when Redis reports less, it lost the streams. */
  let known = 0;

  return {
    async step() {
      if (redis.status !== 'ready') await redisReady(redis);
      const resume = await publishedUpTo(redis, families);
      if (resume < known) scanned = resume; // Redis lost the streams: publish them again
      known = resume;
      const after = Math.max(scanned, resume);
      const events = await readFeed(pool, after, batch);
      const head = await pool.query<{ head: number | null }>('SELECT max(position) AS head FROM outbox');
      if (events.length === 0) {
        lagEvents = Math.max(0, (head.rows[0]?.head ?? after) - after);
        return false;
      }
      const mine = events.filter((e) => publishedBy(source, e.type));
      if (mine.length > 0) {
        const multi = redis.multi();
        for (const e of mine) {
          multi.xadd(
            streamKey(familyOf(e.type)),
            'MAXLEN',
            '~',
            maxLen,
            `${e.id}-0`,
            'source',
            source,
            'position',
            e.id,
            'tenant',
            e.tenantId,
            'type',
            e.type,
            'correlation',
            e.correlationId ?? '',
            'lamport',
            String(e.lamport),
            'occurredAt',
            e.occurredAt,
            'data',
            JSON.stringify(e.data),
          );
        }
        const results = (await multi.exec()) ?? [];
        const now = Date.now();
        results.forEach(([error], i) => {
          if (error && !REFUSED.test(error.message)) throw error;
          if (error) refused.inc();
          else {
            published.inc();
            delay.observe((now - Date.parse(mine[i]?.occurredAt ?? '')) / 1000);
          }
        });
        // Added or refused as present: either way Redis holds every position up to the last one now.
        known = Math.max(known, Number(mine.at(-1)?.id ?? 0));
      }
      scanned = Number(events.at(-1)?.id ?? after);
      lagEvents = Math.max(0, (head.rows[0]?.head ?? scanned) - scanned);
      return events.length === batch;
    },
  };
}
