/**
 * POS Core's configuration, read once at start (DESIGN §5). Every variable beside the common ones
 * (service-env.ts) carries the POS_CORE_ prefix:
 *   POS_CORE_PORT                     HTTP port                                                   (default 4000)
 *   POS_CORE_DATABASE_URL             postgres:// URL of POS Core's own database                  (required)
 *   POS_CORE_POOL_MAX                 database connections of this process                        (default 20)
 *   POS_CORE_INVENTORY_URL            base URL of Inventory                                       (default http://127.0.0.1:4001)
 *   POS_CORE_PAYMENT_URL              base URL of Payment                                         (default http://127.0.0.1:4002)
 *   POS_CORE_SAGA_RETRY_DEADLINE_MS   how long an online order's step that keeps answering "unavailable"
 *                                     is retried before the saga compensates it (default and maximum
 *                                     30000: a card whose processor never answers ends declined and
 *                                     voided within 60 s of its checkout)
 *   POS_CORE_RECOVERY_INTERVAL_MS     how often the recovery worker looks for due sagas          (default 1000)
 *   POS_CORE_LEASE_MS                 how long a live worker owns a saga per step before another may take
 *                                     it (default 15000; a dead worker's sagas are taken over within 6 s)
 * A bad value fails the start with a ConfigError naming every bad variable.
 */
import { z } from 'zod';
import { envInt, envPort, envPostgresUrl, readEnv } from '../common/env.ts';
import { serviceEnv } from '../common/service-env.ts';
import type { PosCoreOptions } from './service.ts';

const envHttpUrl = (fallback: string) =>
  z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http(s):// URL')
    .transform((u) => u.replace(/\/+$/, ''))
    .default(fallback);

export const posCoreEnv = serviceEnv.extend({
  POS_CORE_PORT: envPort(4000),
  POS_CORE_DATABASE_URL: envPostgresUrl,
  POS_CORE_POOL_MAX: envInt(20, 1, 500),
  POS_CORE_INVENTORY_URL: envHttpUrl('http://127.0.0.1:4001'),
  POS_CORE_PAYMENT_URL: envHttpUrl('http://127.0.0.1:4002'),
  POS_CORE_SAGA_RETRY_DEADLINE_MS: envInt(30_000, 100, 30_000),
  POS_CORE_RECOVERY_INTERVAL_MS: envInt(1_000, 10, 600_000),
  POS_CORE_LEASE_MS: envInt(15_000, 1_000, 3_600_000),
});
export type PosCoreConfig = z.infer<typeof posCoreEnv>;

export function loadPosCoreConfig(env: NodeJS.ProcessEnv = process.env): PosCoreConfig {
  return readEnv(posCoreEnv, env);
}

/** The service's options that come from the configuration. */
export function posCoreOptions(config: PosCoreConfig): PosCoreOptions {
  return {
    inventoryUrl: config.POS_CORE_INVENTORY_URL,
    paymentUrl: config.POS_CORE_PAYMENT_URL,
    serviceToken: config.POS_SERVICE_TOKEN,
    sagaRetryDeadlineMs: config.POS_CORE_SAGA_RETRY_DEADLINE_MS,
    recoveryIntervalMs: config.POS_CORE_RECOVERY_INTERVAL_MS,
    leaseMs: config.POS_CORE_LEASE_MS,
  };
}
