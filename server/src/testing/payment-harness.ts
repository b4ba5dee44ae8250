/**
 * For tests: the real Payment service on a fresh PostgreSQL database, listening on a free port, and
 * a small HTTP client that speaks its contract (bearer token, Pos-Tenant, Idempotency-Key, JSON).
 */
import { uuidv7 } from '@pos/shared/ids';
import { credentialsVerifier } from '../common/credentials-config.ts';
import { type RunningService, startService } from '../common/service-runtime.ts';
import { paymentService } from '../payment/service.ts';
import { createTestDatabase, type TestDatabase } from './test-database.ts';
import { testRuntime } from './test-runtime.ts';

export const TOKENS = {
  service: 'test-service-token-0123456789',
  terminal: 'test-terminal-token-0123456789',
  manager: 'test-manager-token-0123456789',
} as const;

/** The demo store: the tenant of the terminal and manager tokens. */
export const DEMO_TENANT = 'demo-store';

export interface CallOptions {
  token?: string;
  /** Pos-Tenant header; defaults to the demo store for the service token. */
  tenant?: string;
  /** Idempotency-Key header; omitted when undefined. */
  key?: string;
  body?: unknown;
}

export interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers of several shapes
  body: any;
}

export interface PaymentHarness {
  db: TestDatabase;
  service: RunningService;
  call(method: 'GET' | 'POST', path: string, options?: CallOptions): Promise<Reply>;
  /** Rows in payments / payment_operations of a tenant's order (straight from the database). */
  rows(table: 'payments' | 'payment_operations', orderId: string, tenant?: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

export async function startPaymentHarness(prefix: string, processorTimeoutMs = 200): Promise<PaymentHarness> {
  const db = await createTestDatabase(prefix);
  const verifier = credentialsVerifier({
    POS_SERVICE_TOKEN: TOKENS.service,
    POS_DEMO_TERMINAL_TOKEN: TOKENS.terminal,
    POS_DEMO_MANAGER_TOKEN: TOKENS.manager,
  });
  const service = await startService(
    paymentService({ processorTimeoutMs }),
    testRuntime(db.url, verifier, { logLevel: 'silent', relayIntervalMs: 50 }),
  );
  const baseUrl = `http://127.0.0.1:${service.port}`;

  return {
    db,
    service,
    async call(method, path, options = {}) {
      const token = options.token ?? TOKENS.service;
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (token === TOKENS.service) headers['pos-tenant'] = options.tenant ?? DEMO_TENANT;
      if (options.key !== undefined) headers['idempotency-key'] = options.key;
      if (options.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(baseUrl + path, {
        method,
        headers,
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
    },
    async rows(table, orderId, tenant = DEMO_TENANT) {
      const sql =
        table === 'payments'
          ? 'SELECT * FROM payments WHERE tenant_id = $1 AND order_id = $2'
          : 'SELECT o.* FROM payment_operations o JOIN payments p USING (tenant_id) WHERE o.payment_id = p.id AND p.tenant_id = $1 AND p.order_id = $2 ORDER BY o.id';
      return (await db.pool.query(sql, [tenant, orderId])).rows;
    },
    async close() {
      await service.stop();
      await db.drop();
    },
  };
}

/** A new order id, as POS Core would have one. */
export const newOrderId = (): string => uuidv7();

/** The authorize body of the contract for `orderId`. */
export const authorizeBody = (orderId: string, cardToken = 'tok_visa', amount = 1_250) => ({ orderId, amount, currency: 'EUR', cardToken });
