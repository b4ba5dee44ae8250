/**
 * For tests: the runtime options of a service started in-process (`startService`) on a free port
 * against a test database — silent unless LOG_LEVEL says otherwise, no browser origins, the shortest
 * idempotency retention the services allow.
 */
import type { TokenVerifier } from '../common/auth.ts';
import type { RuntimeOptions } from '../common/service-runtime.ts';

export function testRuntime(databaseUrl: string, verifier: TokenVerifier, overrides: Partial<RuntimeOptions> = {}): RuntimeOptions {
  return {
    port: 0,
    databaseUrl,
    poolMax: 10,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    corsOrigins: [],
    verifier,
    idempotencyRetentionDays: 30,
    relayIntervalMs: 20,
    ...overrides,
  };
}
