/**
 * The transport a consumer process runs on: Redis Streams when `redisUrl` is set, otherwise the
 * PostgreSQL outbox feeds of the source services. The consumer's code is the same on both.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Pool } from '../db.ts';
import type { EventFamily, SourceService } from './bus-event.ts';
import type { EventTransport } from './event-transport.ts';
import { createPostgresTransport } from './postgres-transport.ts';
import { connectRedis } from './redis-client.ts';
import { createRedisTransport } from './redis-transport.ts';

export interface TransportSettings {
  redisUrl?: string | undefined;
  /** The consumer's own database. */
  pool: Pool;
  /** Without Redis: read-only pools on the source services' databases. */
  sources: Partial<Record<SourceService, Pool>>;
  group: string;
  families: readonly EventFamily[];
  /** A member that stops (crash) has its unacked events taken over after this long. */
  takeOverMs: number;
  /** The member's name in the group (default: host, pid and a random suffix). */
  consumer?: string;
}

export function openEventTransport(settings: TransportSettings): EventTransport {
  const consumer = settings.consumer ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  if (settings.redisUrl) {
    return createRedisTransport({
      redis: connectRedis(settings.redisUrl, `${settings.group}:${consumer}`),
      group: settings.group,
      consumer,
      families: settings.families,
      claimIdleMs: settings.takeOverMs,
    });
  }
  return createPostgresTransport({
    pool: settings.pool,
    sources: settings.sources,
    group: settings.group,
    consumer,
    families: settings.families,
    leaseMs: settings.takeOverMs,
  });
}
