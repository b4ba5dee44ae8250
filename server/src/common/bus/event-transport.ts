/**
 * How a consumer receives events, whatever carries them (Redis Streams with `REDIS_URL`, the
 * PostgreSQL outbox feeds on the embedded default). Consumer code (event-consumer.ts) sees only this.
 *
 * Contract: at-least-once. `read` hands out events of the consumer's families, each family in feed
 * order for one reader; an event handed out and not acked is handed out again (to this or another
 * member of the group) — after a crash, a lost lease or a Redis restart. `ack` of a delivery says its
 * effect is committed; acks are given in the order of the deliveries (a prefix of what was read).
 */
import type { BusEvent } from './bus-event.ts';

export interface Delivery {
  event: BusEvent;
  /** The transport's handle for ack (a stream entry, or a feed position). */
  readonly receipt: unknown;
}

export interface EventTransport {
  readonly kind: 'redis' | 'postgres';
  /** Up to `count` events; waits up to `waitMs` when none is ready. */
  read(count: number, waitMs: number): Promise<Delivery[]>;
  ack(deliveries: readonly Delivery[]): Promise<void>;
  /** Events of the group's streams not yet acked (consumer lag). */
  lag(): Promise<number>;
  close(): Promise<void>;
}
