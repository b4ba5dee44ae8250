/**
 * Environment variables every service reads (each service's `config.ts` extends this schema):
 *   POS_SERVICE_TOKEN, POS_OPERATOR_TOKEN, POS_DEMO_TERMINAL_TOKEN, POS_DEMO_MANAGER_TOKEN,
 *   POS_INTROSPECTION_URL, POS_INTROSPECTION_CACHE_MS                   see credentials-config.ts
 *   POS_CORS_ORIGINS            comma-separated browser origins of the till   (default: the local till and Electron)
 *   LOG_LEVEL                   fatal|error|warn|info|debug|trace|silent      (default: info)
 *   IDEMPOTENCY_RETENTION_DAYS  how long completed idempotency keys are kept  (default 30, minimum 30)
 *   OUTBOX_RELAY_INTERVAL_MS    how often the outbox relay runs               (default 200)
 *   POS_LOG_FILE                append log lines to this file instead of stdout (default: stdout)
 *   REDIS_URL                   redis:// URL: the event bus runs on Redis Streams (default: unset, the
 *                               PostgreSQL outbox feeds; see common/bus)
 *   BUS_STREAM_MAX_LEN          approximate bound of each Redis stream        (default 1,000,000)
 *   POS_RATE_LIMIT_TERMINAL_PER_SECOND / _TERMINAL_BURST   requests of one till  (default 500/s, burst 5000)
 *   POS_RATE_LIMIT_STORE_PER_SECOND / _STORE_BURST         requests of one store (default 2000/s, burst 20000)
 *   POS_RATE_LIMIT_PAIRING_PER_MINUTE                      pairing attempts per client address (default 20)
 *   (see rate-limit.ts; a batch counts as one request, POS Core's service credential is never limited)
 */
import pino from 'pino';
import { z } from 'zod';
import { DEFAULT_STREAM_MAX_LEN } from './bus/redis-publisher.ts';
import { credentialsEnv, credentialsVerifier } from './credentials-config.ts';
import { envInt, envList, envLogLevel } from './env.ts';
import { DEFAULT_RATE_LIMITS } from './rate-limit.ts';
import type { RuntimeOptions } from './service-runtime.ts';

/** The browser origins of a till served on this machine at `port`, and of the Electron till. */
export const tillOrigins = (port: number): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`, 'app://till'];

/** The manager's console's origins when served at `port` (console/scripts/serve-console.ts). */
export const consoleOrigins = (port: number): string[] => [`http://127.0.0.1:${port}`, `http://localhost:${port}`];

export const DEFAULT_TILL_ORIGINS = tillOrigins(4100).join(',');

export const serviceEnv = credentialsEnv.extend({
  POS_CORS_ORIGINS: envList.default(envList.parse(DEFAULT_TILL_ORIGINS)),
  LOG_LEVEL: envLogLevel,
  IDEMPOTENCY_RETENTION_DAYS: envInt(30, 30, 3650),
  OUTBOX_RELAY_INTERVAL_MS: envInt(200, 10, 60_000),
  POS_LOG_FILE: z.string().min(1).optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// URL')
    .optional(),
  BUS_STREAM_MAX_LEN: envInt(DEFAULT_STREAM_MAX_LEN, 1_000, 1_000_000_000),
  POS_RATE_LIMIT_TERMINAL_PER_SECOND: envInt(DEFAULT_RATE_LIMITS.terminal.perSecond, 1, 1_000_000),
  POS_RATE_LIMIT_TERMINAL_BURST: envInt(DEFAULT_RATE_LIMITS.terminal.burst, 1, 10_000_000),
  POS_RATE_LIMIT_STORE_PER_SECOND: envInt(DEFAULT_RATE_LIMITS.store.perSecond, 1, 1_000_000),
  POS_RATE_LIMIT_STORE_BURST: envInt(DEFAULT_RATE_LIMITS.store.burst, 1, 10_000_000),
  POS_RATE_LIMIT_PAIRING_PER_MINUTE: envInt(DEFAULT_RATE_LIMITS.pairingPerMinute, 1, 100_000),
});
export type ServiceEnv = z.infer<typeof serviceEnv>;

/** The runtime options that come from the common variables; the service adds port, URL and pool size. */
export function commonRuntimeOptions(env: ServiceEnv): Omit<RuntimeOptions, 'port' | 'databaseUrl' | 'poolMax'> {
  return {
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.POS_CORS_ORIGINS,
    verifier: credentialsVerifier(env),
    rateLimits: {
      terminal: { perSecond: env.POS_RATE_LIMIT_TERMINAL_PER_SECOND, burst: env.POS_RATE_LIMIT_TERMINAL_BURST },
      store: { perSecond: env.POS_RATE_LIMIT_STORE_PER_SECOND, burst: env.POS_RATE_LIMIT_STORE_BURST },
      pairingPerMinute: env.POS_RATE_LIMIT_PAIRING_PER_MINUTE,
    },
    logDestination: env.POS_LOG_FILE ? pino.destination({ dest: env.POS_LOG_FILE, append: true, mkdir: true, sync: false }) : undefined,
    idempotencyRetentionDays: env.IDEMPOTENCY_RETENTION_DAYS,
    relayIntervalMs: env.OUTBOX_RELAY_INTERVAL_MS,
    redisUrl: env.REDIS_URL,
    streamMaxLen: env.BUS_STREAM_MAX_LEN,
  };
}
