/**
 * The transport a consumer process runs on: Redis Streams when `redisUrl` is set, otherwise the
 * PostgreSQL outbox feeds of the source services. The consumer's code is the same on both.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createPool, type Pool } from '../db.ts';
import { ConfigError } from '../env.ts';
import { EVENT_FAMILIES, type EventFamily, type SourceService } from './bus-event.ts';
import type { EventTransport } from './event-transport.ts';
import { createPostgresTransport } from './postgres-transport.ts';
import { connectRedis } from './redis-client.ts';
import { createRedisTransport } from './redis-transport.ts';

export interface TransportSettings {
  redisUrl?: string | undefined;
  /** The consumer's own database. */
  pool: Pool;
  /** Without Redis: the source services' databases (the transport opens small pools and closes them with itself). */
  sourceUrls: Partial<Record<SourceService, string>>;
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
  const sources: Partial<Record<SourceService, Pool>> = {};
  for (const family of settings.families) {
    const source = EVENT_FAMILIES[family];
    const url = settings.sourceUrls[source];
    if (!url)
      throw new ConfigError(`${settings.group}: without REDIS_URL it reads ${source}'s outbox: set its database URL (BUS_*_DATABASE_URL)`);
    sources[source] ??= createPool({ connectionString: url, max: 2, applicationName: `${settings.group}:bus` });
  }
  const transport = createPostgresTransport({
    pool: settings.pool,
    sources,
    group: settings.group,
    consumer,
    families: settings.families,
    leaseMs: settings.takeOverMs,
  });
  let closing: Promise<void> | null = null;
  return {
    ...transport,
    close: () => {
      closing ??= (async () => {
        await transport.close();
        await Promise.all(Object.values(sources).map((p) => p.end()));
      })();
      return closing;
    },
  };
}
