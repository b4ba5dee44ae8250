/**
 * The Payment service's configuration, read once at start (fails fast with every bad value named):
 *   PAYMENT_PORT                  HTTP port                                            (default 4002)
 *   PAYMENT_DATABASE_URL          postgres:// URL of Payment's own database            (required)
 *   PAYMENT_POOL_MAX              connections in the pool                              (default 10)
 *   PAYMENT_PROCESSOR_TIMEOUT_MS  how long an authorization waits for the processor    (default 2000)
 * plus the variables every service reads (common/service-env.ts).
 *
 * The processor timeout is capped at 20 s so that an authorization's idempotency claim (leased for
 * longer than the timeout, see domain/authorize-payment.ts) always outlives the processor call.
 */
import type { z } from 'zod';
import { envInt, envPort, envPostgresUrl, readEnv } from '../common/env.ts';
import { serviceEnv } from '../common/service-env.ts';

export const paymentEnv = serviceEnv.extend({
  PAYMENT_PORT: envPort(4002),
  PAYMENT_DATABASE_URL: envPostgresUrl,
  PAYMENT_POOL_MAX: envInt(10, 1, 200),
  PAYMENT_PROCESSOR_TIMEOUT_MS: envInt(2_000, 10, 20_000),
});
export type PaymentConfig = z.infer<typeof paymentEnv>;

/** Throws ConfigError naming every missing or invalid variable. */
export function loadPaymentConfig(env: NodeJS.ProcessEnv = process.env): PaymentConfig {
  return readEnv(paymentEnv, env);
}
