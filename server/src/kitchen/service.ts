/**
 * The kitchen service (port 4003): turns confirmed orders with café lines into tickets (an event-bus
 * consumer, domain/kitchen-consumer.ts) and serves the kitchen display (http/display) with its API.
 */
import { fileURLToPath } from 'node:url';
import type { BackgroundLoop } from '../common/background-loop.ts';
import type { SourceService } from '../common/bus/bus-event.ts';
import { BUS_MIGRATIONS, startEventConsumer } from '../common/bus/event-consumer.ts';
import { openEventTransport } from '../common/bus/open-event-transport.ts';
import { CATALOGUE_COPY_MIGRATIONS } from '../common/catalogue-copy/catalogue-copy.ts';
import type { ServiceContext, ServiceDefinition } from '../common/service-runtime.ts';
import { kitchenConsumer } from './domain/kitchen-consumer.ts';
import { displayPage } from './http/display-page.ts';
import { createTicketFeed, type TicketFeed } from './http/ticket-feed.ts';
import { ticketsRouter } from './http/tickets-router.ts';

export interface KitchenOptions {
  /** The kitchen's own database (the display feed listens on it). */
  databaseUrl: string;
  redisUrl?: string | undefined;
  /** Without Redis: the source services' databases. */
  sourceUrls: Partial<Record<SourceService, string>>;
  takeOverMs: number;
}

interface KitchenRuntime {
  feed: TicketFeed;
  loops: BackgroundLoop[];
}

export function kitchenService(options: KitchenOptions): ServiceDefinition {
  const runtimes = new WeakMap<ServiceContext, KitchenRuntime>();
  const runtimeOf = (ctx: ServiceContext): KitchenRuntime => {
    let runtime = runtimes.get(ctx);
    if (!runtime) {
      const feed = createTicketFeed({ pool: ctx.pool, databaseUrl: options.databaseUrl, logger: ctx.logger });
      const transport = openEventTransport({
        redisUrl: options.redisUrl,
        pool: ctx.pool,
        sourceUrls: options.sourceUrls,
        group: kitchenConsumer.group,
        families: kitchenConsumer.families,
        takeOverMs: options.takeOverMs,
      });
      const consumer = startEventConsumer({
        pool: ctx.pool,
        transport,
        handler: kitchenConsumer,
        logger: ctx.logger,
        registry: ctx.metrics.registry,
      });
      runtime = { feed, loops: [consumer, { poke: () => {}, stop: () => feed.stop() }] };
      runtimes.set(ctx, runtime);
    }
    return runtime;
  };
  return {
    name: 'kitchen',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    sharedMigrations: [BUS_MIGRATIONS, CATALOGUE_COPY_MIGRATIONS],
    loops: (ctx) => runtimeOf(ctx).loops,
    pages: () => displayPage(),
    routes: (ctx) => ticketsRouter(ctx.pool, runtimeOf(ctx).feed, ctx.credentialWatch),
  };
}
