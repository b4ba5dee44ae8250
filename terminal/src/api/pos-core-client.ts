/** POS Core's public API as the till uses it (DESIGN §4). */
import { HEADERS } from '@pos/shared/http';
import { batchResult, type OrderSubmission, orderView } from '@pos/shared/order';
import { formatTillSyncReport, type TillSyncReport } from '@pos/shared/till-sync-report';
import { z } from 'zod';
import type { HttpClient } from './http-client.ts';

/**
 * The part of an order view the till relies on. Deliberately looser than `orderView` (only the fields
 * the till reads are checked), so an additive change of the server's answer never stalls the queue.
 */
export const orderState = orderView.pick({ id: true, status: true }).extend({ reason: z.string().nullable().optional() });
export type OrderState = z.infer<typeof orderState>;

const orderAnswer = z.object({ order: orderState });

/** The server's view of a till (`GET /v1/terminals/:id/reconciliation`, G6): last seq received, missing seqs, counts by status. */
export const reconciliation = z.object({
  terminalId: z.string(),
  lastSeq: z.coerce.number().int().nonnegative(),
  gaps: z.array(z.object({ from: z.coerce.number(), to: z.coerce.number() })),
  counts: z.record(z.string(), z.coerce.number()),
});
export type Reconciliation = z.infer<typeof reconciliation>;
const batchAnswer = z.object({ results: z.array(batchResult) });
/** `POST /v1/terminals/:id/token`: the till's new device token (its previous ones keep working for a short grace). */
export const rotatedToken = z.object({ token: z.string().min(1), terminalId: z.string(), storeId: z.string() });

export interface SubmittedOrder {
  /** 201 (final status) or 202 (durably recorded, still pending). */
  httpStatus: number;
  order: OrderState;
  replayed: boolean;
}

export class PosCoreClient {
  constructor(readonly http: HttpClient) {}

  /** The online (card) checkout: Idempotency-Key = the order id, so a retry never charges twice. */
  async submitOrder(order: OrderSubmission): Promise<SubmittedOrder> {
    const answer = await this.http.request('POST', '/v1/orders', {
      schema: orderAnswer,
      body: order,
      headers: { [HEADERS.idempotencyKey]: order.id },
      timeoutMs: 20_000,
    });
    return { httpStatus: answer.status, order: answer.data.order, replayed: answer.headers.get(HEADERS.idempotentReplayed) === 'true' };
  }

  /** Submits queued orders; one result per item, matched by id. `report`: the till's sync state, for the manager's console. */
  async submitBatch(orders: readonly OrderSubmission[], report?: TillSyncReport): Promise<z.infer<typeof batchResult>[]> {
    const answer = await this.http.request('POST', '/v1/orders/batch', {
      schema: batchAnswer,
      body: { orders },
      timeoutMs: 30_000,
      ...(report ? { headers: { [HEADERS.tillSync]: formatTillSyncReport(report) } } : {}),
    });
    return answer.data.results;
  }

  async getOrder(id: string): Promise<OrderState> {
    return (await this.http.request('GET', `/v1/orders/${encodeURIComponent(id)}`, { schema: orderAnswer })).data.order;
  }

  async getReconciliation(terminalId: string): Promise<Reconciliation> {
    return (await this.http.request('GET', `/v1/terminals/${encodeURIComponent(terminalId)}/reconciliation`, { schema: reconciliation }))
      .data;
  }

  /**
   * Rotates this till's own device token with the one it holds. `onlyIfRequested`: only while its
   * manager's request waits (409 otherwise); without it, unconditionally (e.g. after a lost answer).
   */
  async rotateToken(terminalId: string, options: { onlyIfRequested?: boolean } = {}): Promise<z.infer<typeof rotatedToken>> {
    const path = `/v1/terminals/${encodeURIComponent(terminalId)}/token`;
    const body = options.onlyIfRequested ? { onlyIfRequested: true } : {};
    return (await this.http.request('POST', path, { schema: rotatedToken, body })).data;
  }

  /** Cancels a pending order (POS Core compensates); idempotent under the key `<id>:cancel`. */
  async cancelOrder(id: string): Promise<OrderState> {
    const answer = await this.http.request('POST', `/v1/orders/${encodeURIComponent(id)}/cancel`, {
      schema: orderAnswer,
      body: {},
      headers: { [HEADERS.idempotencyKey]: `${id}:cancel` },
    });
    return answer.data.order;
  }
}
