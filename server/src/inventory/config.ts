/**
 * Inventory's configuration, read once at start (DESIGN §5). Every variable beside the common ones
 * (service-env.ts) carries the INVENTORY_ prefix:
 *   INVENTORY_PORT                      HTTP port                                         (default 4001)
 *   INVENTORY_DATABASE_URL              postgres:// URL of Inventory's own database       (required)
 *   INVENTORY_POOL_MAX                  database connections of this process              (default 20)
 *   INVENTORY_SEED_DEMO                 seed the demo store's catalogue when it is empty  (true|false|1|0, default false)
 *   INVENTORY_RESERVATION_TTL_SECONDS   lifetime of a hold when the request names none    (default 900)
 *   INVENTORY_SWEEP_INTERVAL_MS         how often expired holds are released              (default 5000)
 * A bad value fails the start with a ConfigError naming every bad variable.
 */
import { z } from 'zod';
import { envInt, envPort, envPostgresUrl, readEnv } from '../common/env.ts';
import { serviceEnv } from '../common/service-env.ts';

const envBoolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true, false, 1 or 0' })
    .transform((v) => v === 'true' || v === '1')
    .default(fallback);

export const inventoryEnv = serviceEnv.extend({
  INVENTORY_PORT: envPort(4001),
  INVENTORY_DATABASE_URL: envPostgresUrl,
  INVENTORY_POOL_MAX: envInt(20, 1, 500),
  INVENTORY_SEED_DEMO: envBoolean(false),
  INVENTORY_RESERVATION_TTL_SECONDS: envInt(900, 1, 86_400),
  INVENTORY_SWEEP_INTERVAL_MS: envInt(5_000, 10, 600_000),
});
export type InventoryConfig = z.infer<typeof inventoryEnv>;

export function loadInventoryConfig(env: NodeJS.ProcessEnv = process.env): InventoryConfig {
  return readEnv(inventoryEnv, env);
}
