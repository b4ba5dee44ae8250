/**
 * Test harness (not a test): an event-bus consumer service (kitchen, notification) on port 0 against
 * a fresh database, next to a test stack (test-stack.ts) whose events it consumes — on Redis when its
 * definition is given the stack's Redis, otherwise from the stack's databases (`sourceUrls`). Staff
 * credentials are checked through the stack's POS Core, as in production. `restart()` stops the
 * service (its group member) and starts a new one on the same database. Given `sharing` another
 * consumer, it is a second instance on that one's database (which `stop()` then leaves to its owner).
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { chainVerifiers, staticTokenVerifier } from '../common/auth.ts';
import type { SourceService } from '../common/bus/bus-event.ts';
import { introspectionVerifier } from '../common/credential-introspection.ts';
import { type RunningService, type ServiceDefinition, startService } from '../common/service-runtime.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testRuntime } from './test-runtime.ts';
import type { StackTokens, TestStack } from './test-stack.ts';

export interface TestConsumer {
  db: TestDatabase;
  readonly service: RunningService;
  readonly url: string;
  /** Calls the service as one of the stack's credentials (default the demo manager; null: none). */
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect JSON answers of many shapes
  call(method: string, path: string, as?: keyof StackTokens | null, body?: unknown): Promise<{ status: number; body: any }>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** The stack's databases, for the PostgreSQL transport. */
export const stackSources = (stack: TestStack): Record<SourceService, string> => ({
  'pos-core': stack.databaseUrls.posCore,
  inventory: stack.databaseUrls.inventory,
  payment: stack.databaseUrls.payment,
});

export async function startTestConsumer(
  stack: TestStack,
  name: string,
  definition: (db: TestDatabase) => ServiceDefinition,
  sharing?: TestConsumer,
): Promise<TestConsumer> {
  const db = sharing?.db ?? (await createTestDatabase(name));
  const verifier = chainVerifiers(
    staticTokenVerifier([{ token: stack.tokens.manager, kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' }]),
    introspectionVerifier({ posCoreUrl: () => stack.urls.posCore, serviceToken: stack.tokens.service, cacheMs: 1_000 }),
  );
  const start = () => startService(definition(db), testRuntime(db.url, verifier));
  let service = await start();
  return {
    db,
    get service() {
      return service;
    },
    get url() {
      return `http://127.0.0.1:${service.port}`;
    },
    async call(method, path, as = 'manager', body) {
      const headers: Record<string, string> = as ? { Authorization: `Bearer ${stack.tokens[as]}` } : {};
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(`http://127.0.0.1:${service.port}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null };
    },
    async restart() {
      await service.stop();
      service = await start();
    },
    async stop() {
      await service.stop();
      if (!sharing) await db.drop();
    },
  };
}
