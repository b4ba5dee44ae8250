/**
 * Environment variables every service reads (each service's `config.ts` extends this schema):
 *   POS_SERVICE_TOKEN, POS_DEMO_TERMINAL_TOKEN, POS_DEMO_MANAGER_TOKEN  see credentials-config.ts
 *   POS_CORS_ORIGINS            comma-separated browser origins of the till   (default: the local till and Electron)
 *   LOG_LEVEL                   fatal|error|warn|info|debug|trace|silent      (default: info)
 *   IDEMPOTENCY_RETENTION_DAYS  how long completed idempotency keys are kept  (default 30, minimum 30)
 *   OUTBOX_RELAY_INTERVAL_MS    how often the outbox relay runs               (default 200)
 */
import type { z } from 'zod';
import { credentialsEnv, credentialsVerifier } from './credentials-config.ts';
import { envInt, envList, envLogLevel } from './env.ts';
import type { RuntimeOptions } from './service-runtime.ts';

export const DEFAULT_TILL_ORIGINS = 'http://127.0.0.1:4100,http://localhost:4100,app://till';

export const serviceEnv = credentialsEnv.extend({
  POS_CORS_ORIGINS: envList.default(envList.parse(DEFAULT_TILL_ORIGINS)),
  LOG_LEVEL: envLogLevel,
  IDEMPOTENCY_RETENTION_DAYS: envInt(30, 30, 3650),
  OUTBOX_RELAY_INTERVAL_MS: envInt(200, 10, 60_000),
});
export type ServiceEnv = z.infer<typeof serviceEnv>;

/** The runtime options that come from the common variables; the service adds port, URL and pool size. */
export function commonRuntimeOptions(env: ServiceEnv): Omit<RuntimeOptions, 'port' | 'databaseUrl' | 'poolMax'> {
  return {
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.POS_CORS_ORIGINS,
    verifier: credentialsVerifier(env),
    idempotencyRetentionDays: env.IDEMPOTENCY_RETENTION_DAYS,
    relayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
  };
}
