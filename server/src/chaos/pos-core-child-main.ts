/**
 * POS Core as a separate process for fault-injection tests (`pos-core-process.ts` spawns it, and may
 * SIGKILL it): the same service definition and runtime as `pos-core/main.ts`, configured from one
 * JSON env var (`POS_CHAOS_POS_CORE`) so a test can give it several tills' credentials — the
 * production config knows only the demo till. Writes nothing; the parent polls GET /readyz.
 */
import pino from 'pino';
import { type StaticCredential, staticTokenVerifier } from '../common/auth.ts';
import { startService } from '../common/service-runtime.ts';
import { type PosCoreOptions, posCoreService } from '../pos-core/service.ts';

export interface PosCoreChildSpec {
  port: number;
  databaseUrl: string;
  credentials: StaticCredential[];
  options: Omit<PosCoreOptions, 'faults'>;
  logLevel?: string;
  /** Append log lines to this file (default: nowhere unless logLevel says otherwise). */
  logFile?: string;
}

const raw = process.env.POS_CHAOS_POS_CORE;
if (!raw) throw new Error('POS_CHAOS_POS_CORE is not set');
const spec = JSON.parse(raw) as PosCoreChildSpec;
const service = await startService(posCoreService(spec.options), {
  port: spec.port,
  databaseUrl: spec.databaseUrl,
  poolMax: 20,
  logLevel: spec.logLevel ?? (spec.logFile ? 'warn' : 'silent'),
  ...(spec.logFile ? { logDestination: pino.destination({ dest: spec.logFile, append: true, sync: true }) } : {}),
  corsOrigins: [],
  verifier: staticTokenVerifier(spec.credentials),
  idempotencyRetentionDays: 30,
  relayIntervalMs: 20,
});
const stop = () => void service.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
