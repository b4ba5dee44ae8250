/**
 * POS Core as a separate process for fault-injection tests (`pos-core-process.ts` starts it through
 * the stack launcher, and may SIGKILL it): the same service definition and runtime as
 * `pos-core/main.ts` and the same environment (port, database, downstream URLs, service token, log
 * level: config.ts), plus what a test needs beyond it in one JSON env var (`POS_CHAOS_POS_CORE`):
 * several tills' credentials — the production config knows only the demo till — and saga timings
 * outside the production bounds. Writes nothing; the launcher polls GET /readyz.
 */
import pino from 'pino';
import { type StaticCredential, staticTokenVerifier } from '../common/auth.ts';
import { startService } from '../common/service-runtime.ts';
import { loadPosCoreConfig, posCoreOptions } from '../pos-core/config.ts';
import { type PosCoreOptions, posCoreService } from '../pos-core/service.ts';

export interface PosCoreChildSpec {
  credentials: StaticCredential[];
  options: Partial<Omit<PosCoreOptions, 'faults' | 'inventoryUrl' | 'paymentUrl' | 'serviceToken'>>;
  /** Append log lines to this file (written synchronously: a SIGKILL loses none). */
  logFile?: string;
}

const raw = process.env.POS_CHAOS_POS_CORE;
if (!raw) throw new Error('POS_CHAOS_POS_CORE is not set');
const spec = JSON.parse(raw) as PosCoreChildSpec;
const config = loadPosCoreConfig(process.env);
const service = await startService(posCoreService({ ...posCoreOptions(config), ...spec.options }), {
  port: config.POS_CORE_PORT,
  databaseUrl: config.POS_CORE_DATABASE_URL,
  poolMax: 20,
  logLevel: config.LOG_LEVEL,
  ...(spec.logFile ? { logDestination: pino.destination({ dest: spec.logFile, append: true, sync: true }) } : {}),
  corsOrigins: [],
  verifier: staticTokenVerifier(spec.credentials),
  idempotencyRetentionDays: 30,
  relayIntervalMs: 20,
});
const stop = () => void service.stop().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
