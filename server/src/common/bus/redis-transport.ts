/**
 * The Redis Streams transport: one consumer group per consumer (its `group`), each process a member
 * of it. New entries come by XREADGROUP; entries a member took and never acked (it crashed) are
 * taken over with XAUTOCLAIM once idle for `claimIdleMs`, so the group's members share the work and
 * nothing stays pending behind a dead one. After a Redis restart without persistence the groups are
 * gone (NOGROUP): they are created again from the start of the (republished) streams, and the
 * consumer's inbox absorbs what it had handled before.
 */

import { eventType } from '@pos/shared/event';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { type BusEvent, busEventId, type EventFamily, SOURCE_SERVICES, streamKey } from './bus-event.ts';
import type { Delivery, EventTransport } from './event-transport.ts';
import { redisReady } from './redis-client.ts';

export interface RedisTransportOptions {
  /** A connection of its own: XREADGROUP BLOCK holds it while it waits. */
  redis: Redis;
  group: string;
  consumer: string;
  families: readonly EventFamily[];
  /** A pending entry idle this long is taken over from the member that read it. */
  claimIdleMs: number;
}

const entryFields = z.object({
  source: z.enum(SOURCE_SERVICES),
  position: z.string().regex(/^\d+$/).transform(Number),
  tenant: z.string().min(1),
  type: eventType,
  correlation: z.string(),
  lamport: z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
  occurredAt: z.string(),
  data: z.string().transform((s, ctx) => {
    try {
      return z.record(z.string(), z.unknown()).parse(JSON.parse(s));
    } catch {
      ctx.addIssue({ code: 'custom', message: 'data is not a JSON object' });
      return z.NEVER;
    }
  }),
});

type RawEntry = [id: string, fields: string[]];

function toEvent(fields: string[]): BusEvent | null {
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i] as string] = fields[i + 1] as string;
  const parsed = entryFields.safeParse(record);
  if (!parsed.success) return null;
  const f = parsed.data;
  return {
    id: busEventId(f.source, f.position),
    source: f.source,
    position: f.position,
    tenantId: f.tenant,
    type: f.type,
    correlationId: f.correlation === '' ? null : f.correlation,
    lamport: f.lamport,
    occurredAt: f.occurredAt,
    data: f.data,
  };
}

interface Receipt {
  stream: string;
  entryId: string;
}

export function createRedisTransport(options: RedisTransportOptions): EventTransport {
  const { redis, group, consumer, claimIdleMs } = options;
  const streams = options.families.map(streamKey);
  let groupsReady = false;
  /** Per stream, where the next XAUTOCLAIM sweep continues. */
  const claimCursor = new Map(streams.map((s) => [s, '0-0']));
  const malformed: Receipt[] = [];
  /** When the last XAUTOCLAIM sweep ended: a new one starts every claimIdleMs / 2. */
  let sweptAt = Number.NEGATIVE_INFINITY;

  async function ensureGroups() {
    for (const stream of streams) {
      try {
        await redis.xgroup('CREATE', stream, group, '0', 'MKSTREAM');
      } catch (error) {
        if (!(error instanceof Error && /BUSYGROUP/.test(error.message))) throw error;
      }
    }
    groupsReady = true;
  }

  const deliveriesOf = (stream: string, entries: RawEntry[]): Delivery[] =>
    entries.flatMap(([entryId, fields]) => {
      const event = fields ? toEvent(fields) : null;
      // An entry no publisher of this code wrote: acked without effect rather than retried forever.
      if (!event) {
        malformed.push({ stream, entryId });
        return [];
      }
      return [{ event, receipt: { stream, entryId } satisfies Receipt }];
    });

  async function readOnce(count: number, waitMs: number): Promise<Delivery[]> {
    if (redis.status !== 'ready') await redisReady(redis, Math.max(waitMs, 1_000));
    if (!groupsReady) await ensureGroups();
    const taken: Delivery[] = [];
    const sweeping = [...claimCursor.values()].some((c) => c !== '0-0') || Date.now() - sweptAt >= claimIdleMs / 2;
    for (const stream of sweeping ? streams : []) {
      if (taken.length >= count) break;
      const [next, entries] = (await redis.xautoclaim(
        stream,
        group,
        consumer,
        claimIdleMs,
        claimCursor.get(stream) ?? '0-0',
        'COUNT',
        count - taken.length,
      )) as [string, RawEntry[], string[]?];
      claimCursor.set(stream, next);
      if (next === '0-0') sweptAt = Date.now();
      taken.push(...deliveriesOf(stream, entries));
    }
    if (taken.length > 0) return taken;
    const answer = (await redis.xreadgroup(
      'GROUP',
      group,
      consumer,
      'COUNT',
      count,
      'BLOCK',
      Math.max(1, waitMs),
      'STREAMS',
      ...streams,
      ...streams.map(() => '>'),
    )) as [string, RawEntry[]][] | null;
    return (answer ?? []).flatMap(([stream, entries]) => deliveriesOf(stream, entries));
  }

  return {
    kind: 'redis',
    async read(count, waitMs) {
      try {
        return await readOnce(count, waitMs);
      } catch (error) {
        if (error instanceof Error && /NOGROUP/.test(error.message)) {
          // Redis lost the groups (restart without persistence): create them again, sweep from the start.
          groupsReady = false;
          for (const s of streams) claimCursor.set(s, '0-0');
          return [];
        }
        throw error;
      }
    },
    async ack(deliveries) {
      const receipts = [...malformed.splice(0), ...deliveries.map((d) => d.receipt as Receipt)];
      if (receipts.length === 0) return;
      const byStream = new Map<string, string[]>();
      for (const r of receipts) byStream.set(r.stream, [...(byStream.get(r.stream) ?? []), r.entryId]);
      const pipeline = redis.pipeline();
      for (const [stream, ids] of byStream) pipeline.xack(stream, group, ...ids);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error && !/NOGROUP/.test(error.message));
      if (failed?.[0]) throw failed[0];
    },
    async lag() {
      let total = 0;
      for (const stream of streams) {
        const groups = (await redis.xinfo('GROUPS', stream).catch(() => [])) as unknown[][];
        for (const g of groups) {
          const at = (key: string) => g[g.indexOf(key) + 1];
          if (at('name') !== group) continue;
          total += Number(at('lag') ?? 0) + Number(at('pending') ?? 0);
        }
      }
      return total;
    },
    async close() {
      redis.disconnect();
    },
  };
}
