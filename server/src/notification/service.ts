/**
 * The notification service (port 4004): an event-bus consumer that records the receipts and low-stock
 * alerts due (domain/notification-consumer.ts), a mail dispatcher that sends them through real SMTP one
 * at a time (domain/mail-dispatcher.ts), and the store's alert address API.
 */
import { fileURLToPath } from 'node:url';
import type { BackgroundLoop } from '../common/background-loop.ts';
import type { SourceService } from '../common/bus/bus-event.ts';
import { BUS_MIGRATIONS, startEventConsumer } from '../common/bus/event-consumer.ts';
import { openEventTransport } from '../common/bus/open-event-transport.ts';
import { CATALOGUE_COPY_MIGRATIONS } from '../common/catalogue-copy/catalogue-copy.ts';
import type { ServiceContext, ServiceDefinition } from '../common/service-runtime.ts';
import { startMailDispatcher } from './domain/mail-dispatcher.ts';
import { createMailer } from './domain/mailer.ts';
import { notificationConsumer } from './domain/notification-consumer.ts';
import { storeContactRouter } from './http/store-contact-router.ts';

export interface NotificationOptions {
  smtpUrl: string;
  from: string;
  redisUrl?: string | undefined;
  /** Without Redis: the source services' databases. */
  sourceUrls: Partial<Record<SourceService, string>>;
  takeOverMs: number;
}

export function notificationService(options: NotificationOptions): ServiceDefinition {
  const loops = (ctx: ServiceContext): BackgroundLoop[] => {
    const mailer = createMailer({ smtpUrl: options.smtpUrl, from: options.from });
    const dispatcher = startMailDispatcher({ pool: ctx.pool, mailer, logger: ctx.logger, registry: ctx.metrics.registry });
    const handler = notificationConsumer({ messageIdFor: mailer.messageIdFor, onMailDue: dispatcher.poke });
    const transport = openEventTransport({
      redisUrl: options.redisUrl,
      pool: ctx.pool,
      sourceUrls: options.sourceUrls,
      group: handler.group,
      families: handler.families,
      takeOverMs: options.takeOverMs,
    });
    const consumer = startEventConsumer({ pool: ctx.pool, transport, handler, logger: ctx.logger, registry: ctx.metrics.registry });
    return [consumer, dispatcher];
  };
  return {
    name: 'notification',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    sharedMigrations: [BUS_MIGRATIONS, CATALOGUE_COPY_MIGRATIONS],
    loops,
    routes: (ctx) => storeContactRouter(ctx.pool),
  };
}
