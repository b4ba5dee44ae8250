/**
 * The event bus's envelope and its streams (DESIGN §7 "Events"). The transactional outbox of each
 * service stays the source of truth; the bus carries its published events, one stream per event
 * family (the part of the type before the dot), to asynchronous consumers at least once.
 *
 * Each family is written by exactly one service (EVENT_FAMILIES), so an event is identified on the
 * bus by that service and its outbox feed position: `<source>:<position>` is the event id every
 * consumer's inbox dedupes by, and on Redis the stream entry id is `<position>-0` (monotonic per
 * stream, since positions only grow — which is what lets Redis refuse a second publish).
 * POS Core's relayed copies of Inventory's and Payment's events (pos-core/domain/event-relay.ts)
 * are not published: their owners publish the originals.
 */
import type { EventType } from '@pos/shared/event';
import type { FeedEvent } from '../outbox.ts';

export const SOURCE_SERVICES = ['pos-core', 'inventory', 'payment'] as const;
export type SourceService = (typeof SOURCE_SERVICES)[number];
export const isSourceService = (name: string): name is SourceService => (SOURCE_SERVICES as readonly string[]).includes(name);

/** Which service publishes each family. */
export const EVENT_FAMILIES = {
  order: 'pos-core',
  stock: 'inventory',
  product: 'inventory',
  payment: 'payment',
  terminal: 'pos-core',
} as const satisfies Record<string, SourceService>;
export type EventFamily = keyof typeof EVENT_FAMILIES;

export const familyOf = (type: EventType): EventFamily => type.slice(0, type.indexOf('.')) as EventFamily;

export const familiesOf = (source: SourceService): EventFamily[] =>
  (Object.keys(EVENT_FAMILIES) as EventFamily[]).filter((f) => EVENT_FAMILIES[f] === source);

/** The Redis stream of a family. */
export const streamKey = (family: EventFamily): string => `pos:events:${family}`;

/** An event as a consumer receives it, whatever the transport. */
export interface BusEvent {
  /** `<source>:<position>`: unique across services; the consumer's inbox key. */
  id: string;
  source: SourceService;
  /** The event's outbox feed position in its source (its id in that service's feed). */
  position: number;
  tenantId: string;
  type: EventType;
  correlationId: string | null;
  lamport: number;
  occurredAt: string;
  data: Record<string, unknown>;
}

export const busEventId = (source: SourceService, position: number): string => `${source}:${position}`;

export function toBusEvent(source: SourceService, e: FeedEvent): BusEvent {
  const position = Number(e.id);
  return {
    id: busEventId(source, position),
    source,
    position,
    tenantId: e.tenantId,
    type: e.type,
    correlationId: e.correlationId,
    lamport: e.lamport,
    occurredAt: e.occurredAt,
    data: e.data,
  };
}

/** True when `source` is the publisher of this event's family (not a relayed copy). */
export const publishedBy = (source: SourceService, type: EventType): boolean => EVENT_FAMILIES[familyOf(type)] === source;
