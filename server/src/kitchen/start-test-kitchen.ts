/**
 * Test harness (not a test): the real kitchen service on port 0 against a fresh database, consuming
 * the events of a test stack (test-stack.ts) on Redis (when `redisUrl` is given; the stack must
 * publish to the same Redis) or from the stack's databases. Staff credentials are checked through
 * the stack's POS Core, as in production. `restart()` kills the consumer member and starts another.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { chainVerifiers, staticTokenVerifier } from '../common/auth.ts';
import { introspectionVerifier } from '../common/credential-introspection.ts';
import { type RunningService, startService } from '../common/service-runtime.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import type { TestStack } from '../testing/test-stack.ts';
import { kitchenService } from './service.ts';

export interface TestKitchen {
  db: TestDatabase;
  readonly service: RunningService;
  readonly url: string;
  /** Calls the kitchen as the stack's demo manager (or another of its credentials). */
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers of many shapes
  call(method: string, path: string, as?: 'manager' | 'terminal' | 'otherManager' | null): Promise<{ status: number; body: any }>;
  /** Stops this process's service (its consumer member) and starts a new one on the same database. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestKitchen(stack: TestStack, options: { redisUrl?: string; takeOverMs?: number } = {}): Promise<TestKitchen> {
  const db = await createTestDatabase('kitchen');
  const verifier = chainVerifiers(
    staticTokenVerifier([{ token: stack.tokens.manager, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' }]),
    introspectionVerifier({ posCoreUrl: () => stack.urls.posCore, serviceToken: stack.tokens.service, cacheMs: 1_000 }),
  );
  const start = () =>
    startService(
      kitchenService({
        databaseUrl: db.url,
        redisUrl: options.redisUrl,
        sourceUrls: {
          'pos-core': stack.databaseUrls.posCore,
          inventory: stack.databaseUrls.inventory,
          payment: stack.databaseUrls.payment,
        },
        takeOverMs: options.takeOverMs ?? 2_000,
      }),
      {
        port: 0,
        databaseUrl: db.url,
        poolMax: 10,
        logLevel: process.env.LOG_LEVEL ?? 'silent',
        corsOrigins: [],
        verifier,
        idempotencyRetentionDays: 30,
        relayIntervalMs: 20,
      },
    );
  let service = await start();
  return {
    db,
    get service() {
      return service;
    },
    get url() {
      return `http://127.0.0.1:${service.port}`;
    },
    async call(method, path, as = 'manager') {
      const headers: Record<string, string> = as ? { Authorization: `Bearer ${stack.tokens[as]}` } : {};
      const res = await fetch(`http://127.0.0.1:${service.port}${path}`, { method, headers });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async restart() {
      await service.stop();
      service = await start();
    },
    async stop() {
      await service.stop();
      await db.drop();
    },
  };
}
