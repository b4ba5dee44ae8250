/**
 * Starting and stopping one service process: pool → migrations → HTTP app → background loops,
 * and the reverse on stop. The same function serves `main.ts` (real ports) and integration tests
 * (port 0, in-process), so tests run the real server.
 */
import type { Router } from 'express';
import { chainVerifiers, type TokenVerifier } from './auth.ts';
import { type BackgroundLoop, startBackgroundLoop } from './background-loop.ts';
import { isSourceService, type SourceService } from './bus/bus-event.ts';
import { connectRedis } from './bus/redis-client.ts';
import { createRedisPublisher, DEFAULT_STREAM_MAX_LEN } from './bus/redis-publisher.ts';
import { type CredentialWatch, createCredentialWatch } from './credential-watch.ts';
import { createPool, type Pool } from './db.ts';
import { createServiceApp, startHttpServer } from './http-app.ts';
import { pruneIdempotencyKeys } from './idempotency.ts';
import { createLogger, type LogDestination, type Logger } from './logger.ts';
import { createMetrics, type ServiceMetrics } from './metrics.ts';
import { migrate } from './migrate.ts';
import { registerOutboxLagMetrics } from './outbox-lag-metrics.ts';
import { createOutboxRelay } from './outbox-relay.ts';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimiter, type RateLimits } from './rate-limit.ts';
import { type ServiceInstance, startServiceInstance } from './service-instance.ts';
import { startTracing, stopTracing } from './tracing/otel.ts';

export type ServiceName = 'pos-core' | 'inventory' | 'payment' | 'kitchen' | 'notification';

export interface RuntimeOptions {
  port: number;
  host?: string;
  databaseUrl: string;
  poolMax: number;
  logLevel: string;
  corsOrigins: readonly string[];
  /** The configured credentials; a service may add its own verifier after them (ServiceDefinition.verifier). */
  verifier: TokenVerifier;
  /** Per-till / per-store / pairing limits (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Where logs go (default stdout); tests capture them to scan for card data. */
  logDestination?: LogDestination;
  /** Completed idempotency keys are kept this long (≥ 30 days). */
  idempotencyRetentionDays: number;
  /** How often the outbox relay runs. */
  relayIntervalMs: number;
  /** With it, the service's outbox feed is also published to Redis Streams (common/bus/redis-publisher.ts). */
  redisUrl?: string | undefined;
  /** Approximate bound of each Redis stream. */
  streamMaxLen?: number;
}

/**
 * How long the outbox relay waits after a poke (every commit that wrote events pokes it), so that the
 * events of the commits in that window are numbered by one relay step (3 round trips) instead of one
 * step each. Small beside the relay's own interval and every consumer's tolerance.
 */
const RELAY_POKE_DELAY_MS = 50;

export interface ServiceContext {
  name: ServiceName;
  pool: Pool;
  logger: Logger;
  metrics: ServiceMetrics;
  /** This process (its id owns its claims and leases; service-instance.ts). */
  instance: ServiceInstance;
  /** Ask the outbox relay to run now (after a commit that wrote events). */
  pokeRelay(): void;
  /** Every credential this service accepts (the configured ones, then the service's own). */
  verifier: TokenVerifier;
  /** Holds the credentials of open streams to the bound of requests (credential-watch.ts). */
  credentialWatch: CredentialWatch;
  rateLimiter: RateLimiter;
}

export interface ServiceDefinition {
  name: ServiceName;
  migrationsDir: string;
  /** Runs once after migrations (e.g. seeding the demo store). */
  prepare?(ctx: ServiceContext): Promise<void>;
  routes(ctx: ServiceContext): Router;
  /** Web pages at the root, outside /v1 (the kitchen display). */
  pages?(ctx: ServiceContext): Router;
  /** Routes under /v1 outside any store (no tenant), each checking its own caller. */
  publicRoutes?(ctx: ServiceContext): Router;
  /** Credentials this service resolves itself, asked after the configured ones (POS Core: paired tills, managers). */
  verifier?(pool: Pool): TokenVerifier;
  /** Background loops of this service (sweepers, saga recovery, event consumers). */
  loops?(ctx: ServiceContext): BackgroundLoop[];
  /** Migrations shared by some services only (e.g. the event-bus consumer tables), applied before the service's own. */
  sharedMigrations?: { name: string; dir: string }[];
}

export interface RunningService {
  port: number;
  context: ServiceContext;
  stop(): Promise<void>;
}

export async function startService(definition: ServiceDefinition, options: RuntimeOptions): Promise<RunningService> {
  const logger = createLogger(definition.name, options.logLevel, options.logDestination);
  await startTracing(definition.name);
  const pool = createPool({ connectionString: options.databaseUrl, max: options.poolMax, applicationName: definition.name });
  const metrics = createMetrics(definition.name);
  registerOutboxLagMetrics(metrics.registry, pool);
  const applied = await migrate(pool, definition.migrationsDir, definition.sharedMigrations);
  if (applied.length > 0) logger.info({ applied }, 'migrations applied');
  const instance = await startServiceInstance({ service: definition.name, databaseUrl: options.databaseUrl, logger });

  let relay: BackgroundLoop | null = null;
  const verifier = definition.verifier ? chainVerifiers(options.verifier, definition.verifier(pool)) : options.verifier;
  const rateLimiter = createRateLimiter(options.rateLimits ?? DEFAULT_RATE_LIMITS);
  const credentialWatch = createCredentialWatch(verifier, logger);
  const context: ServiceContext = {
    name: definition.name,
    pool,
    logger,
    metrics,
    instance,
    pokeRelay: () => relay?.poke(),
    verifier,
    credentialWatch,
    rateLimiter,
  };
  await definition.prepare?.(context);

  // The Redis relay follows the outbox relay: each numbering step pokes it.
  const redis = options.redisUrl && isSourceService(definition.name) ? connectRedis(options.redisUrl, `${definition.name}:relay`) : null;
  const publisher = redis
    ? createRedisPublisher({
        pool,
        redis,
        source: definition.name as SourceService,
        maxLen: options.streamMaxLen ?? DEFAULT_STREAM_MAX_LEN,
        registry: metrics.registry,
      })
    : null;
  const busRelay = publisher ? startBackgroundLoop('redis-relay', options.relayIntervalMs, () => publisher.step(), logger) : null;
  // Again at once only when the batch was full: writes that commit later poke the relay themselves.
  const outboxRelay = createOutboxRelay(pool);
  relay = startBackgroundLoop(
    'outbox-relay',
    options.relayIntervalMs,
    async () => {
      const more = await outboxRelay.step();
      busRelay?.poke();
      return more;
    },
    logger,
    { pokeDelayMs: RELAY_POKE_DELAY_MS },
  );
  const pruner = startBackgroundLoop(
    'idempotency-pruner',
    3_600_000,
    async () => void (await pruneIdempotencyKeys(pool, options.idempotencyRetentionDays)),
    logger,
  );
  const watch: BackgroundLoop = { poke: () => credentialWatch.recheckNow(), stop: () => credentialWatch.stop() };
  const loops = [relay, pruner, watch, ...(busRelay ? [busRelay] : []), ...(definition.loops?.(context) ?? [])];

  const app = createServiceApp({
    logger,
    pool,
    metrics,
    verifier,
    rateLimiter,
    corsOrigins: options.corsOrigins,
    routes: definition.routes(context),
    publicRoutes: definition.publicRoutes?.(context),
    pages: definition.pages?.(context),
  });
  const http = await startHttpServer(app, options.port, options.host);
  logger.info({ port: http.port }, 'listening');

  let stopping: Promise<void> | null = null;
  return {
    port: http.port,
    context,
    stop: () => {
      stopping ??= (async () => {
        await http.close();
        await Promise.all(loops.map((l) => l.stop()));
        redis?.disconnect();
        await instance.stop();
        await pool.end();
        await stopTracing();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}
