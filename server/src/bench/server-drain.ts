/**
 * The server's side of the backlog drain alone: the same offline cash sales of 3 lines (built with the
 * till's `buildOrder`), posted as `POST /v1/orders/batch` of `batchSize` by one client, one request
 * after another (as one till does), timed until every sale is confirmed at POS Core. Comparing it with
 * the till-driven drain tells the server's cost from the till's.
 */
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';
import { HttpClient, PosCoreClient } from '@pos/till-core/api';
import { buildOrder } from '@pos/till-core/checkout';
import pg from 'pg';
import { cartOf, type DrainTarget } from './bench-cart.ts';

export interface ServerDrainResult {
  sales: number;
  batchSize: number;
  drainMs: number;
  salesPerSecond: number;
}

export async function serverDrain(
  options: DrainTarget & {
    sales: number;
    batchSize: number;
    firstSeq: number;
  },
): Promise<ServerDrainResult> {
  const orders: OrderSubmission[] = Array.from({ length: options.sales }, (_, i) => {
    const cart = cartOf(options.products, i);
    const total = cart.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
    return buildOrder({
      id: uuidv7(),
      seq: options.firstSeq + i,
      lamport: i + 1,
      cart,
      payment: { type: 'cash', received: total },
      context: { terminalId: options.terminalId, currency: 'EUR', priceListVersion: 1, captureMode: 'offline' },
      now: new Date(),
    });
  });
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: options.posCoreUrl, token: options.token, timeoutMs: 60_000 }));
  const server = new pg.Client({ connectionString: options.posCoreDatabaseUrl });
  await server.connect();
  const started = performance.now();
  for (let i = 0; i < orders.length; i += options.batchSize) {
    const results = await posCore.submitBatch(orders.slice(i, i + options.batchSize));
    const failed = results.find((r) => !('status' in r));
    if (failed) throw new Error(`batch item refused: ${JSON.stringify(failed)}`);
  }
  const last = options.firstSeq + options.sales - 1;
  for (;;) {
    const { rows } = await server.query<{ n: string }>(
      `SELECT count(*) AS n FROM orders WHERE tenant_id = $1 AND terminal_id = $2 AND seq BETWEEN $3 AND $4 AND status = 'confirmed'`,
      [options.tenantId, options.terminalId, options.firstSeq, last],
    );
    if (Number(rows[0]?.n ?? 0) >= options.sales) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const drainMs = performance.now() - started;
  await server.end();
  return { sales: options.sales, batchSize: options.batchSize, drainMs, salesPerSecond: options.sales / (drainMs / 1_000) };
}
