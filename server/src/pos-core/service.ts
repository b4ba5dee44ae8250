/**
 * POS Core (port 4000): orders, batch, the checkout saga and its recovery worker, the events relay,
 * SSE and reconciliation; and the stores with their credentials (tenancy/: pairing, device tokens). `posCoreService(options)` is the ServiceDefinition that main.ts and tests
 * start with `startService`.
 */
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { type BackgroundLoop, startBackgroundLoop } from '../common/background-loop.ts';
import type { ServiceContext, ServiceDefinition } from '../common/service-runtime.ts';
import { createEventFeed, type EventFeed } from './domain/event-feed.ts';
import { relayEvents } from './domain/event-relay.ts';
import type { OrderDeps } from './domain/order-deps.ts';
import type { RefundDeps } from './domain/refunds/refund-deps.ts';
import { startRefundRecovery } from './domain/refunds/refund-recovery.ts';
import { createRefundSaga } from './domain/refunds/refund-saga.ts';
import { createCashSettlement } from './domain/saga/cash-settlement.ts';
import { startRecoveryWorker } from './domain/saga/recovery-worker.ts';
import { createSagaDriver, retryCapMs } from './domain/saga/saga-driver.ts';
import type { SagaFaults } from './domain/saga/saga-state.ts';
import { inventoryClient } from './downstream/inventory-client.ts';
import { inventoryRestockClient } from './downstream/inventory-restock-client.ts';
import { inventorySettleClient } from './downstream/inventory-settle-client.ts';
import { paymentClient } from './downstream/payment-client.ts';
import { createDownstreamMetrics, createServiceCaller } from './downstream/service-call.ts';
import { eventsRouter } from './http/events-router.ts';
import { ordersRouter } from './http/orders-router.ts';
import { platformRouter } from './http/platform-router.ts';
import { refundsRouter } from './http/refunds-router.ts';
import { shiftsRouter } from './http/shifts-router.ts';
import { staffRouter } from './http/staff-router.ts';
import { storeConsoleRouter } from './http/store-console-router.ts';
import { storeRouter } from './http/store-router.ts';
import { tenancyRouter } from './http/tenancy-router.ts';
import { terminalsRouter } from './http/terminals-router.ts';
import { registerSagaMetrics } from './saga-metrics.ts';
import { databaseVerifier } from './tenancy/database-verifier.ts';

export interface PosCoreOptions {
  inventoryUrl: string;
  paymentUrl: string;
  /** POS Core's service credential: the only one Inventory and Payment accept for reservations and money. */
  serviceToken: string;
  /** How long an online order's step that keeps answering "unavailable" is retried before the saga compensates. */
  sagaRetryDeadlineMs: number;
  /** How often the recovery worker looks for due sagas. */
  recoveryIntervalMs: number;
  /** How long a worker owns a saga before another may take it over. */
  leaseMs: number;
  /** Per-attempt timeout of a downstream call (default 4000; above Payment's processor timeout). */
  downstreamTimeoutMs?: number;
  /** How long a downstream call's answer stands for its readiness probe (default 100; 0 always probes). */
  readyProofMs?: number;
  /** How long a request drives its saga before answering 202 pending (default 1500). */
  inlineBudgetMs?: number;
  /** How often Inventory's and Payment's feeds are relayed (default 500). */
  eventRelayIntervalMs?: number;
  /** SSE heartbeat interval (default 15000). */
  sseHeartbeatMs?: number;
  /** How long a till's previous token keeps working after it rotates (default 60000). */
  tokenRotationGraceMs?: number;
  /** Test-only fault injection around every saga step. */
  faults?: SagaFaults;
}

interface PosCoreRuntime {
  deps: OrderDeps;
  refundDeps: RefundDeps;
  feed: EventFeed;
  loops: BackgroundLoop[];
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));

function startRuntime(ctx: ServiceContext, options: PosCoreOptions): PosCoreRuntime {
  const { pool, logger } = ctx;
  const owner = ctx.instance.id;
  const metrics = createDownstreamMetrics(ctx.metrics.registry);
  registerSagaMetrics(ctx.metrics.registry, pool);
  const timeoutMs = options.downstreamTimeoutMs ?? 4_000;
  const caller = (name: 'inventory' | 'payment', baseUrl: string) =>
    createServiceCaller({
      name,
      baseUrl,
      serviceToken: options.serviceToken,
      timeoutMs,
      metrics,
      logger,
      ...(options.readyProofMs === undefined ? {} : { readyProofMs: options.readyProofMs }),
    });
  const inventory = inventoryClient(caller('inventory', options.inventoryUrl));
  const payment = paymentClient(caller('payment', options.paymentUrl));

  const driver = createSagaDriver({
    pool,
    logger,
    inventory,
    payment,
    faults: options.faults ?? {},
    instance: ctx.instance,
    leaseMs: options.leaseMs,
    sagaRetryDeadlineMs: options.sagaRetryDeadlineMs,
    onTransition: ctx.pokeRelay,
  });
  const cashSettlement = createCashSettlement({
    pool,
    logger,
    settleClient: inventorySettleClient(inventory.caller),
    driver,
    faults: options.faults ?? {},
    instance: ctx.instance,
    leaseMs: options.leaseMs,
    sagaRetryDeadlineMs: options.sagaRetryDeadlineMs,
    onTransition: ctx.pokeRelay,
  });
  const worker = startRecoveryWorker({
    pool,
    driver,
    cashSettlement,
    logger,
    owner,
    leaseMs: options.leaseMs,
    intervalMs: options.recoveryIntervalMs,
  });
  const relay = startBackgroundLoop(
    'events-relay',
    options.eventRelayIntervalMs ?? 500,
    async () => {
      const round = await relayEvents(pool, [
        { name: 'inventory', caller: inventory.caller },
        { name: 'payment', caller: payment.caller },
      ]);
      if (round.appended > 0) ctx.pokeRelay();
      return round.more;
    },
    logger,
  );
  const refundSaga = createRefundSaga({
    pool,
    logger,
    payment,
    restock: inventoryRestockClient(inventory.caller),
    instance: ctx.instance,
    leaseMs: options.leaseMs,
    retryCapMs: retryCapMs(options.sagaRetryDeadlineMs),
    faults: options.faults ?? {},
    onTransition: ctx.pokeRelay,
  });
  const refundRecovery = startRefundRecovery({
    pool,
    saga: refundSaga,
    logger,
    owner,
    leaseMs: options.leaseMs,
    intervalMs: options.recoveryIntervalMs,
  });
  const refundDeps: RefundDeps = {
    pool,
    logger,
    payment,
    saga: refundSaga,
    instance: ctx.instance,
    leaseMs: options.leaseMs,
    inlineBudgetMs: options.inlineBudgetMs ?? 1_500,
    pokeRelay: ctx.pokeRelay,
  };
  const feed = createEventFeed({ pool, logger, heartbeatMs: options.sseHeartbeatMs ?? 15_000 });
  const deps: OrderDeps = {
    pool,
    logger,
    inventory,
    payment,
    driver,
    cashSettlement,
    instance: ctx.instance,
    owner,
    leaseMs: options.leaseMs,
    inlineBudgetMs: options.inlineBudgetMs ?? 1_500,
    pokeWorker: () => worker.poke(),
  };
  const stopping = (stop: () => Promise<void>): BackgroundLoop => ({ poke: () => {}, stop });
  return {
    deps,
    refundDeps,
    feed,
    loops: [worker, refundRecovery, relay, stopping(() => driver.stop()), stopping(() => refundSaga.stop()), stopping(() => feed.stop())],
  };
}

export function posCoreService(options: PosCoreOptions): ServiceDefinition {
  const runtimes = new WeakMap<ServiceContext, PosCoreRuntime>();
  const runtimeOf = (ctx: ServiceContext) => {
    let runtime = runtimes.get(ctx);
    if (!runtime) {
      runtime = startRuntime(ctx, options);
      runtimes.set(ctx, runtime);
    }
    return runtime;
  };
  return {
    name: 'pos-core',
    migrationsDir: MIGRATIONS,
    loops: (ctx) => runtimeOf(ctx).loops,
    verifier: (pool) => databaseVerifier(pool),
    publicRoutes: (ctx) => platformRouter(ctx.pool, ctx.verifier, ctx.rateLimiter, () => ctx.credentialWatch.recheckNow()),
    routes: (ctx) => {
      const runtime = runtimeOf(ctx);
      const router = Router();
      router.use(refundsRouter(runtime.refundDeps));
      router.use(ordersRouter(runtime.deps));
      router.use(terminalsRouter(ctx.pool));
      router.use(shiftsRouter(ctx));
      router.use(storeRouter(ctx.pool));
      router.use(
        tenancyRouter(ctx.pool, {
          tokenRotationGraceMs: options.tokenRotationGraceMs ?? 60_000,
          onCredentialsChanged: () => ctx.credentialWatch.recheckNow(),
        }),
      );
      router.use(eventsRouter(runtime.feed, ctx.credentialWatch, ctx.pool));
      router.use(storeConsoleRouter(runtime.deps, ctx.pokeRelay));
      router.use(staffRouter(ctx));
      return router;
    },
  };
}
