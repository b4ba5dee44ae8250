/**
 * For integration tests: the three real services in-process on free ports — Inventory (demo store
 * seeded), Payment (short processor timeout) and POS Core pointed at both — each on its own fresh
 * database of the run's PostgreSQL, with random credentials: the service credential, the demo till and
 * manager, and a till and manager of another store (tenant isolation). POS Core can be stopped and
 * started again on its database (crash-and-recover tests) with other options.
 *
 * For fault-injection tests, `faultProxies` puts a fault proxy (fault-proxy.ts) between parties: in
 * front of Inventory and/or Payment (POS Core calls them through it; `http: true`, so `injectOnce`
 * can target one request) and/or in front of a service's PostgreSQL (the service connects through it;
 * the stack's own assertion pools do not). Inventory and Payment can be restarted on the same port.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { chainVerifiers, type StaticCredential, staticTokenVerifier } from '../common/auth.ts';
import { introspectionVerifier } from '../common/credential-introspection.ts';
import type { Pool } from '../common/db.ts';
import type { LogDestination } from '../common/logger.ts';
import type { RateLimits } from '../common/rate-limit.ts';
import { type RunningService, type RuntimeOptions, startService } from '../common/service-runtime.ts';
import { inventoryService } from '../inventory/service.ts';
import { paymentService } from '../payment/service.ts';
import { type PosCoreOptions, posCoreService } from '../pos-core/service.ts';
import { callService, type ServiceAnswer } from './call-service.ts';
import { type FaultProxy, startFaultProxy } from './fault-proxy.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';

export const OTHER_TENANT_ID = 'other-store';
export const OTHER_TERMINAL_ID = 'other-till-1';

const token = () => randomBytes(16).toString('hex');

export interface StackTokens {
  service: string;
  terminal: string;
  manager: string;
  otherTerminal: string;
  otherManager: string;
  /** The platform operator (creates stores: POS Core's POST /v1/stores). */
  operator: string;
}

export type PosCoreOverrides = Partial<Omit<PosCoreOptions, 'inventoryUrl' | 'paymentUrl' | 'serviceToken'>> & {
  /** Point POS Core elsewhere (e.g. at a closed port to simulate a downstream outage). */
  inventoryUrl?: string;
  paymentUrl?: string;
  poolMax?: number;
};

export interface TestStackOptions {
  posCore?: PosCoreOverrides;
  /** Payment's processor timeout (default 300 ms). */
  processorTimeoutMs?: number;
  /** Inventory's default hold lifetime (default 900 s). */
  reservationTtlSeconds?: number;
  /** Abuse limits of the three services (default DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Where the three services log (default: nowhere unless LOG_LEVEL is set); with it, logs are at 'info'. */
  logDestination?: LogDestination;
  /** How long Inventory and Payment reuse an introspection answer (default 1000 ms). */
  introspectionCacheMs?: number;
  /** Browser origins the services allow (default none). */
  corsOrigins?: readonly string[];
  /** Put a fault proxy in front of these parties (see `TestStack.proxies`). */
  faultProxies?: readonly FaultProxyPlacement[];
  /** Seed of the proxies' latency jitter (default 1). */
  faultProxySeed?: number;
  /** More tills of the demo store beside the demo till (their tokens: `terminalTokens`). */
  terminals?: readonly string[];
  /** With it, the services also publish their outboxes to this Redis (the event bus's Redis transport). */
  redisUrl?: string;
}

/** Where a fault proxy can sit: in front of a downstream service, or of a service's PostgreSQL. */
export type FaultProxyPlacement = 'inventory' | 'payment' | 'posCoreDatabase' | 'inventoryDatabase' | 'paymentDatabase';

export type StackAnswer = ServiceAnswer;

export interface StackCallOptions {
  /** Which credential (default the demo till); null sends none. */
  as?: keyof StackTokens | null;
  body?: unknown;
  /** Idempotency-Key. */
  key?: string;
  headers?: Record<string, string>;
  /** For `as: 'service'`: the Pos-Tenant (default the demo store). */
  tenant?: string;
}

export interface TestStack {
  readonly urls: { posCore: string; inventory: string; payment: string };
  tokens: StackTokens;
  /** Tokens of the extra demo-store tills of `terminals`, by terminal id. */
  terminalTokens: Readonly<Record<string, string>>;
  /** Pools of the three databases, for assertions (separate from the services' own pools). */
  pools: { posCore: Pool; inventory: Pool; payment: Pool };
  readonly services: { posCore: RunningService | null; inventory: RunningService; payment: RunningService };
  /** The fault proxies asked for with `faultProxies`. */
  readonly proxies: Readonly<Partial<Record<FaultProxyPlacement, FaultProxy>>>;
  /** Direct URLs of the three databases (not through any proxy). */
  readonly databaseUrls: { posCore: string; inventory: string; payment: string };
  /** Stops Inventory or Payment and starts it again on the same port and database. */
  restartService(service: 'inventory' | 'payment'): Promise<void>;
  /** Calls a service with one of the stack's credentials. */
  call(service: 'posCore' | 'inventory' | 'payment', method: string, path: string, options?: StackCallOptions): Promise<StackAnswer>;
  /**
   * Stops POS Core (drives in progress end after their current step) and starts it again on its
   * database, with the stack's POS Core options and these overrides.
   */
  restartPosCore(overrides?: PosCoreOverrides): Promise<void>;
  stopPosCore(): Promise<void>;
  /** A second POS Core process on the same database (scale-out / two recovery workers); stopped with the stack. */
  startPosCoreReplica(overrides?: PosCoreOverrides): Promise<RunningService>;
  stop(): Promise<void>;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const tokens: StackTokens = {
    service: token(),
    terminal: token(),
    manager: token(),
    otherTerminal: token(),
    otherManager: token(),
    operator: token(),
  };
  const credentials: StaticCredential[] = [
    { token: tokens.service, kind: 'service', tenantId: null, subject: 'pos-core' },
    { token: tokens.terminal, kind: 'terminal', tenantId: DEMO_TENANT_ID, subject: DEMO_TERMINAL_ID },
    { token: tokens.manager, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' },
    { token: tokens.otherTerminal, kind: 'terminal', tenantId: OTHER_TENANT_ID, subject: OTHER_TERMINAL_ID },
    { token: tokens.otherManager, kind: 'manager', tenantId: OTHER_TENANT_ID, subject: 'other-manager' },
    { token: tokens.operator, kind: 'operator', tenantId: null, subject: 'operator' },
  ];
  const terminalTokens = Object.fromEntries((options.terminals ?? []).map((id) => [id, token()]));
  for (const [subject, t] of Object.entries(terminalTokens)) {
    credentials.push({ token: t, kind: 'terminal', tenantId: DEMO_TENANT_ID, subject });
  }
  const configured = staticTokenVerifier(credentials);
  // Inventory and Payment know paired tills through POS Core (which starts after them): as in production.
  const introspecting = chainVerifiers(
    configured,
    introspectionVerifier({
      posCoreUrl: () => `http://127.0.0.1:${posCorePort}`,
      serviceToken: tokens.service,
      cacheMs: options.introspectionCacheMs ?? 1_000,
    }),
  );
  const [posCoreDb, inventoryDb, paymentDb] = await Promise.all([
    createTestDatabase('stack_pos_core'),
    createTestDatabase('stack_inventory'),
    createTestDatabase('stack_payment'),
  ]);
  const databases: TestDatabase[] = [posCoreDb, inventoryDb, paymentDb];
  const proxies: Partial<Record<FaultProxyPlacement, FaultProxy>> = {};
  const proxied = async (placement: FaultProxyPlacement, target: URL, http: boolean): Promise<URL> => {
    if (!options.faultProxies?.includes(placement)) return target;
    const proxy = await startFaultProxy({
      target: { host: target.hostname, port: Number(target.port) },
      http,
      seed: options.faultProxySeed ?? 1,
    });
    proxies[placement] = proxy;
    const through = new URL(target);
    through.hostname = '127.0.0.1';
    through.port = String(proxy.port);
    return through;
  };
  const serviceDatabaseUrl = new Map<TestDatabase, string>([
    [posCoreDb, (await proxied('posCoreDatabase', new URL(posCoreDb.url), false)).toString()],
    [inventoryDb, (await proxied('inventoryDatabase', new URL(inventoryDb.url), false)).toString()],
    [paymentDb, (await proxied('paymentDatabase', new URL(paymentDb.url), false)).toString()],
  ]);
  const runtime = (db: TestDatabase, port = 0, poolMax = 20): RuntimeOptions => ({
    port,
    databaseUrl: serviceDatabaseUrl.get(db) ?? db.url,
    poolMax,
    logLevel: process.env.LOG_LEVEL ?? (options.logDestination ? 'info' : 'silent'),
    corsOrigins: options.corsOrigins ?? [],
    verifier: db === posCoreDb ? configured : introspecting,
    ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    ...(options.logDestination ? { logDestination: options.logDestination } : {}),
    idempotencyRetentionDays: 30,
    relayIntervalMs: 20,
    redisUrl: options.redisUrl,
  });
  const startInventory = (port = 0) =>
    startService(
      inventoryService({ seedDemo: true, reservationTtlSeconds: options.reservationTtlSeconds ?? 900, sweepIntervalMs: 200 }),
      runtime(inventoryDb, port),
    );
  const startPayment = (port = 0) =>
    startService(paymentService({ processorTimeoutMs: options.processorTimeoutMs ?? 300 }), runtime(paymentDb, port));
  let [inventory, payment] = await Promise.all([startInventory(), startPayment()]);
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const inventoryUrl = (await proxied('inventory', new URL(url(inventory.port)), true)).origin;
  const paymentUrl = (await proxied('payment', new URL(url(payment.port)), true)).origin;

  let posCore: RunningService | null = null;
  let posCorePort = 0;
  const replicas: RunningService[] = [];
  const posCoreDefinition = (overrides: Omit<PosCoreOverrides, 'poolMax'>) =>
    posCoreService({
      inventoryUrl,
      paymentUrl,
      serviceToken: tokens.service,
      sagaRetryDeadlineMs: 5_000,
      recoveryIntervalMs: 100,
      leaseMs: 2_000,
      eventRelayIntervalMs: 100,
      ...overrides,
    });
  const startPosCore = async (overrides: PosCoreOverrides = {}) => {
    const { poolMax, ...rest } = overrides;
    posCore = await startService(
      posCoreDefinition(rest),
      // The same port again after a restart, so that clients' URLs stay valid.
      runtime(posCoreDb, posCorePort, poolMax ?? 20),
    );
    posCorePort = posCore.port;
  };
  await startPosCore(options.posCore);

  const stopPosCore = async () => {
    const running = posCore;
    posCore = null;
    await running?.stop();
  };

  return {
    get urls() {
      return { posCore: url(posCorePort), inventory: url(inventory.port), payment: url(payment.port) };
    },
    tokens,
    terminalTokens,
    pools: { posCore: posCoreDb.pool, inventory: inventoryDb.pool, payment: paymentDb.pool },
    get services() {
      return { posCore, inventory, payment };
    },
    proxies,
    databaseUrls: { posCore: posCoreDb.url, inventory: inventoryDb.url, payment: paymentDb.url },
    async restartService(service) {
      if (service === 'inventory') {
        await inventory.stop();
        inventory = await startInventory(inventory.port);
      } else {
        await payment.stop();
        payment = await startPayment(payment.port);
      }
    },
    call(service, method, path, callOptions = {}) {
      const as = callOptions.as === undefined ? 'terminal' : callOptions.as;
      const port = service === 'posCore' ? posCorePort : service === 'inventory' ? inventory.port : payment.port;
      return callService(url(port), method, path, {
        token: as ? tokens[as] : null,
        ...(as === 'service' ? { tenant: callOptions.tenant ?? DEMO_TENANT_ID } : {}),
        ...(callOptions.key !== undefined ? { key: callOptions.key } : {}),
        ...(callOptions.headers ? { headers: callOptions.headers } : {}),
        ...(callOptions.body !== undefined ? { body: callOptions.body } : {}),
      });
    },
    async restartPosCore(overrides) {
      await stopPosCore();
      await startPosCore({ ...options.posCore, ...overrides });
    },
    stopPosCore,
    async startPosCoreReplica(overrides = {}) {
      const { poolMax, ...rest } = { ...options.posCore, ...overrides };
      const replica = await startService(posCoreDefinition(rest), runtime(posCoreDb, 0, poolMax ?? 20));
      replicas.push(replica);
      return replica;
    },
    async stop() {
      await Promise.all([stopPosCore(), ...replicas.map((r) => r.stop()), inventory.stop(), payment.stop()]);
      await Promise.all(Object.values(proxies).map((p) => p.close()));
      await Promise.all(databases.map((d) => d.drop()));
    },
  };
}
