/**
 * Environment of every event-bus consumer process (kitchen, notification), beside serviceEnv:
 *   REDIS_URL                  (serviceEnv) with it, the consumer reads Redis Streams in its consumer group
 *   BUS_POS_CORE_DATABASE_URL  without Redis: the databases whose outbox feeds the consumer reads
 *   BUS_INVENTORY_DATABASE_URL   (read-only; only those of the families it consumes are needed)
 *   BUS_PAYMENT_DATABASE_URL
 *   BUS_TAKEOVER_MS            a member that stopped (crash) has its unacked events taken over by
 *                              another after this long                                (default 15000)
 */
import { z } from 'zod';
import { envInt, envPostgresUrl } from '../env.ts';
import type { SourceService } from './bus-event.ts';

export const busConsumerEnv = z.object({
  BUS_POS_CORE_DATABASE_URL: envPostgresUrl.optional(),
  BUS_INVENTORY_DATABASE_URL: envPostgresUrl.optional(),
  BUS_PAYMENT_DATABASE_URL: envPostgresUrl.optional(),
  BUS_TAKEOVER_MS: envInt(15_000, 100, 600_000),
});
export type BusConsumerEnv = z.infer<typeof busConsumerEnv>;

/** The source databases named in the environment. */
export const busSourceUrls = (env: BusConsumerEnv): Partial<Record<SourceService, string>> => ({
  ...(env.BUS_POS_CORE_DATABASE_URL ? { 'pos-core': env.BUS_POS_CORE_DATABASE_URL } : {}),
  ...(env.BUS_INVENTORY_DATABASE_URL ? { inventory: env.BUS_INVENTORY_DATABASE_URL } : {}),
  ...(env.BUS_PAYMENT_DATABASE_URL ? { payment: env.BUS_PAYMENT_DATABASE_URL } : {}),
});
