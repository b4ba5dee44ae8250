/**
 * The kitchen service's configuration, read once at start (fails fast with every bad value named):
 *   KITCHEN_PORT          HTTP port: the API and the kitchen display page        (default 4003)
 *   KITCHEN_DATABASE_URL  postgres:// URL of the kitchen's own database          (required)
 *   KITCHEN_POOL_MAX      connections in the pool                                (default 10)
 * plus the event-bus consumer's variables (common/bus/consumer-env.ts: REDIS_URL, or without it the
 * databases of POS Core, Inventory and Payment whose outbox feeds it reads) and those every service
 * reads (common/service-env.ts).
 */
import type { z } from 'zod';
import { busConsumerEnv } from '../common/bus/consumer-env.ts';
import { envInt, envPort, envPostgresUrl, readEnv } from '../common/env.ts';
import { serviceEnv } from '../common/service-env.ts';

export const kitchenEnv = serviceEnv.extend(busConsumerEnv.shape).extend({
  KITCHEN_PORT: envPort(4003),
  KITCHEN_DATABASE_URL: envPostgresUrl,
  KITCHEN_POOL_MAX: envInt(10, 1, 200),
});
export type KitchenConfig = z.infer<typeof kitchenEnv>;

export function loadKitchenConfig(env: NodeJS.ProcessEnv = process.env): KitchenConfig {
  return readEnv(kitchenEnv, env);
}
