/**
 * Running one consumer of the event bus, on any transport (event-transport.ts): each event's effect
 * is applied in the same transaction of the consumer's own database as its id in the inbox
 * (bus_inbox), and acked only after that commit. A redelivered event finds its id and has no second
 * effect; a crash before the ack only means a redelivery. A batch read together is handled in one
 * transaction, in the order read; if that fails, each event gets its own transaction and the first
 * failure stops the batch (the prefix before it is acked, the rest is read again), so an event is
 * never acked past one that failed.
 */
import { fileURLToPath } from 'node:url';
import client from 'prom-client';
import { type BackgroundLoop, startBackgroundLoop } from '../background-loop.ts';
import { type Pool, type PoolClient, withTransaction } from '../db.ts';
import type { Logger } from '../logger.ts';
import type { BusEvent, EventFamily } from './bus-event.ts';
import type { Delivery, EventTransport } from './event-transport.ts';

/** The consumer's tables (inbox, and the PostgreSQL transport's group state), for ServiceDefinition.sharedMigrations. */
export const BUS_MIGRATIONS = { name: 'bus', dir: fileURLToPath(new URL('./migrations', import.meta.url)) };

export interface EventHandler {
  /** The consumer group: every instance of one consumer shares it (and its inbox). */
  group: string;
  families: readonly EventFamily[];
  /** The event's effect, inside the transaction that records it in the inbox. Must not commit. */
  handle(tx: PoolClient, event: BusEvent): Promise<void>;
  /** After the effect committed (not called for a duplicate), e.g. to wake live displays. */
  afterCommit?(event: BusEvent): void;
}

export interface ConsumerOptions {
  pool: Pool;
  transport: EventTransport;
  handler: EventHandler;
  logger: Logger;
  registry?: client.Registry;
  batch?: number;
  waitMs?: number;
}

/** Records the events in the inbox in one statement; the ids that were not there before. */
async function enterInbox(tx: PoolClient, group: string, events: readonly BusEvent[]): Promise<Set<string>> {
  const { rows } = await tx.query<{ event_id: string }>(
    'INSERT INTO bus_inbox (consumer, event_id) SELECT $1, id FROM unnest($2::text[]) AS id ON CONFLICT DO NOTHING RETURNING event_id',
    [group, events.map((e) => e.id)],
  );
  return new Set(rows.map((r) => r.event_id));
}

/** Handles one delivery; true when it had its effect now (false: a duplicate). */
export async function handleOnce(pool: Pool, handler: EventHandler, event: BusEvent): Promise<boolean> {
  return (await handleTogether(pool, handler, [event]))[0] ?? false;
}

/**
 * Handles events in ONE transaction (one commit for the batch: what keeps a consumer ahead of a busy
 * outbox); per event, whether it had its effect now. All or nothing: if one fails, none has an effect.
 */
async function handleTogether(pool: Pool, handler: EventHandler, events: readonly BusEvent[]): Promise<boolean[]> {
  const fresh = await withTransaction(pool, async (tx) => {
    const entered = await enterInbox(tx, handler.group, events);
    const outcome: boolean[] = [];
    for (const event of events) {
      // An id read twice in one batch (a takeover racing the first read) has its effect once.
      const isNew = entered.delete(event.id);
      if (isNew) await handler.handle(tx, event);
      outcome.push(isNew);
    }
    return outcome;
  });
  for (const [i, e] of events.entries()) if (fresh[i]) handler.afterCommit?.(e);
  return fresh;
}

export function startEventConsumer(options: ConsumerOptions): BackgroundLoop {
  const { pool, transport, handler, logger } = options;
  const batch = options.batch ?? 100;
  const waitMs = options.waitMs ?? 1_000;
  const registers = options.registry ? [options.registry] : [];
  const labels = { consumer: handler.group, transport: transport.kind };
  const handled = new client.Counter({
    name: 'bus_consumer_events_total',
    help: 'Events handled by this consumer, by outcome (effect, or duplicate absorbed by the inbox)',
    labelNames: ['consumer', 'transport', 'outcome'],
    registers,
  });
  const commitToEffect = new client.Histogram({
    name: 'bus_consumer_lag_seconds',
    help: 'From the event in the source outbox to its effect committed here',
    labelNames: ['consumer', 'transport'],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  new client.Gauge({
    name: 'bus_consumer_lag_events',
    help: 'Events of the consumer group not yet acked',
    labelNames: ['consumer', 'transport'],
    registers,
    async collect() {
      this.set(labels, await transport.lag().catch(() => -1));
    },
  });

  const record = (d: Delivery, fresh: boolean) => {
    handled.inc({ ...labels, outcome: fresh ? 'effect' : 'duplicate' });
    if (fresh) commitToEffect.observe(labels, (Date.now() - Date.parse(d.event.occurredAt)) / 1000);
  };
  const step = async (): Promise<boolean> => {
    const deliveries = await transport.read(batch, waitMs);
    if (deliveries.length === 0) return false;
    try {
      const fresh = await handleTogether(
        pool,
        handler,
        deliveries.map((d) => d.event),
      );
      for (const [i, d] of deliveries.entries()) record(d, fresh[i] ?? false);
      await transport.ack(deliveries);
      return true;
    } catch {
      // One of them fails: one transaction each, so the ones before it take effect and are acked.
    }
    const done: Delivery[] = [];
    try {
      for (const d of deliveries) {
        record(d, await handleOnce(pool, handler, d.event));
        done.push(d);
      }
    } finally {
      await transport.ack(done);
    }
    return true;
  };
  const loop = startBackgroundLoop(`consumer:${handler.group}`, 50, step, logger);
  return {
    poke: loop.poke,
    stop: async () => {
      await loop.stop();
      await transport.close();
    },
  };
}
