/**
 * For integration tests: the three real services in-process on free ports — Inventory (demo store
 * seeded), Payment (short processor timeout) and POS Core pointed at both — each on its own fresh
 * database of the run's PostgreSQL, with random credentials: the service credential, the demo till and
 * manager, and a till and manager of another store (tenant isolation). POS Core can be stopped and
 * started again on its database (crash-and-recover tests) with other options.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { HEADERS } from '@pos/shared/http';
import { type StaticCredential, staticTokenVerifier } from '../common/auth.ts';
import type { Pool } from '../common/db.ts';
import { type RunningService, type RuntimeOptions, startService } from '../common/service-runtime.ts';
import { inventoryService } from '../inventory/service.ts';
import { paymentService } from '../payment/service.ts';
import { type PosCoreOptions, posCoreService } from '../pos-core/service.ts';
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
}

export interface StackAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers of many shapes
  body: any;
}

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
  /** Pools of the three databases, for assertions (separate from the services' own pools). */
  pools: { posCore: Pool; inventory: Pool; payment: Pool };
  readonly services: { posCore: RunningService | null; inventory: RunningService; payment: RunningService };
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
  const tokens: StackTokens = { service: token(), terminal: token(), manager: token(), otherTerminal: token(), otherManager: token() };
  const credentials: StaticCredential[] = [
    { token: tokens.service, kind: 'service', tenantId: null, subject: 'pos-core' },
    { token: tokens.terminal, kind: 'terminal', tenantId: DEMO_TENANT_ID, subject: DEMO_TERMINAL_ID },
    { token: tokens.manager, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' },
    { token: tokens.otherTerminal, kind: 'terminal', tenantId: OTHER_TENANT_ID, subject: OTHER_TERMINAL_ID },
    { token: tokens.otherManager, kind: 'manager', tenantId: OTHER_TENANT_ID, subject: 'other-manager' },
  ];
  const [posCoreDb, inventoryDb, paymentDb] = await Promise.all([
    createTestDatabase('stack_pos_core'),
    createTestDatabase('stack_inventory'),
    createTestDatabase('stack_payment'),
  ]);
  const databases: TestDatabase[] = [posCoreDb, inventoryDb, paymentDb];
  const runtime = (db: TestDatabase, port = 0, poolMax = 20): RuntimeOptions => ({
    port,
    databaseUrl: db.url,
    poolMax,
    logLevel: process.env.LOG_LEVEL ?? 'silent',
    corsOrigins: [],
    verifier: staticTokenVerifier(credentials),
    idempotencyRetentionDays: 30,
    relayIntervalMs: 20,
  });
  const [inventory, payment] = await Promise.all([
    startService(
      inventoryService({ seedDemo: true, reservationTtlSeconds: options.reservationTtlSeconds ?? 900, sweepIntervalMs: 200 }),
      runtime(inventoryDb),
    ),
    startService(paymentService({ processorTimeoutMs: options.processorTimeoutMs ?? 300 }), runtime(paymentDb)),
  ]);
  const url = (port: number) => `http://127.0.0.1:${port}`;

  let posCore: RunningService | null = null;
  let posCorePort = 0;
  const replicas: RunningService[] = [];
  const posCoreDefinition = (overrides: Omit<PosCoreOverrides, 'poolMax'>) =>
    posCoreService({
      inventoryUrl: url(inventory.port),
      paymentUrl: url(payment.port),
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
    pools: { posCore: posCoreDb.pool, inventory: inventoryDb.pool, payment: paymentDb.pool },
    get services() {
      return { posCore, inventory, payment };
    },
    async call(service, method, path, callOptions = {}) {
      const as = callOptions.as === undefined ? 'terminal' : callOptions.as;
      const headers: Record<string, string> = { ...callOptions.headers };
      if (as) headers.Authorization = `Bearer ${tokens[as]}`;
      if (as === 'service') headers[HEADERS.tenant] = callOptions.tenant ?? DEMO_TENANT_ID;
      if (callOptions.key !== undefined) headers[HEADERS.idempotencyKey] = callOptions.key;
      if (callOptions.body !== undefined) headers['Content-Type'] = 'application/json';
      const port = service === 'posCore' ? posCorePort : service === 'inventory' ? inventory.port : payment.port;
      const res = await fetch(url(port) + path, {
        method,
        headers,
        body:
          callOptions.body === undefined
            ? undefined
            : typeof callOptions.body === 'string'
              ? callOptions.body
              : JSON.stringify(callOptions.body),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON (e.g. an event stream): keep the text
      }
      return { status: res.status, headers: res.headers, body };
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
      await Promise.all(databases.map((d) => d.drop()));
    },
  };
}
