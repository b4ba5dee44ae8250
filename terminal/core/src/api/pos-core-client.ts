/** POS Core's public API as the till uses it (DESIGN §4). */
import { HEADERS } from '@pos/shared/http';
import { batchResult, type OrderSubmission, orderView } from '@pos/shared/order';
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

export interface SubmittedOrder {
  /** 201 (final status) or 202 (durably recorded, still pending). */
  httpStatus: number;
  order: OrderState;
  replayed: boolean;
}

/** How long the till waits for POS Core's answer before the outcome counts as unknown (network). */
export interface PosCoreTimeouts {
  /** `POST /v1/orders` (the card checkout: the saga authorizes and captures before it answers). */
  orderMs: number;
  /** `POST /v1/orders/batch` (up to 500 orders in one transaction). */
  batchMs: number;
}

const DEFAULT_TIMEOUTS: PosCoreTimeouts = { orderMs: 20_000, batchMs: 30_000 };

export class PosCoreClient {
  readonly #timeouts: PosCoreTimeouts;

  constructor(
    readonly http: HttpClient,
    timeouts: Partial<PosCoreTimeouts> = {},
  ) {
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
  }

  /** The online (card) checkout: Idempotency-Key = the order id, so a retry never charges twice. */
  async submitOrder(order: OrderSubmission): Promise<SubmittedOrder> {
    const answer = await this.http.request('POST', '/v1/orders', {
      schema: orderAnswer,
      body: order,
      headers: { [HEADERS.idempotencyKey]: order.id },
      timeoutMs: this.#timeouts.orderMs,
    });
    return { httpStatus: answer.status, order: answer.data.order, replayed: answer.headers.get(HEADERS.idempotentReplayed) === 'true' };
  }

  /** Submits queued orders; one result per item, matched by id. */
  async submitBatch(orders: readonly OrderSubmission[]): Promise<z.infer<typeof batchResult>[]> {
    const answer = await this.http.request('POST', '/v1/orders/batch', {
      schema: batchAnswer,
      body: { orders },
      timeoutMs: this.#timeouts.batchMs,
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
