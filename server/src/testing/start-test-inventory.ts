/**
 * Test harness (not a test): the real Inventory service on port 0 against a fresh database of the
 * run's PostgreSQL, with fixed credentials, and a small HTTP client that speaks as one of them.
 */
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import { HEADERS } from '@pos/shared/http';
import { staticTokenVerifier } from '../common/auth.ts';
import { type RunningService, startService } from '../common/service-runtime.ts';
import { type InventoryOptions, inventoryService } from '../inventory/service.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testRuntime } from './test-runtime.ts';

export const OTHER_TENANT_ID = 'other-store';

const CREDENTIALS = {
  service: { token: 'test-service-token-000000', kind: 'service', tenantId: null, subject: 'pos-core' },
  terminal: { token: 'test-terminal-token-00000', kind: 'terminal', tenantId: DEMO_TENANT_ID, subject: 'demo-till-1' },
  manager: { token: 'test-manager-token-000000', kind: 'manager', tenantId: DEMO_TENANT_ID, subject: 'demo-manager' },
  otherManager: { token: 'test-other-manager-token0', kind: 'manager', tenantId: OTHER_TENANT_ID, subject: 'other-manager' },
} as const;
export type Caller = keyof typeof CREDENTIALS;

export interface CallOptions {
  as: Caller;
  body?: unknown;
  key?: string;
  /** The store a service call acts for (Pos-Tenant); default the demo store. */
  tenant?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests inspect arbitrary JSON answers
  body: any;
}

export interface TestInventory {
  db: TestDatabase;
  service: RunningService;
  call(method: string, path: string, options: CallOptions): Promise<Answer>;
  stop(): Promise<void>;
}

export async function startTestInventory(options: Partial<InventoryOptions> = {}): Promise<TestInventory> {
  const db = await createTestDatabase('inventory');
  const service = await startService(
    inventoryService({ seedDemo: true, reservationTtlSeconds: 900, sweepIntervalMs: 50, ...options }),
    testRuntime(db.url, staticTokenVerifier(Object.values(CREDENTIALS)), { poolMax: 30, logLevel: 'silent' }),
  );
  const base = `http://127.0.0.1:${service.port}`;
  return {
    db,
    service,
    async call(method, path, { as, body, key, tenant }) {
      const headers: Record<string, string> = { Authorization: `Bearer ${CREDENTIALS[as].token}` };
      if (as === 'service') headers[HEADERS.tenant] = tenant ?? DEMO_TENANT_ID;
      if (key !== undefined) headers[HEADERS.idempotencyKey] = key;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
    },
    async stop() {
      await service.stop();
      await db.drop();
    },
  };
}
