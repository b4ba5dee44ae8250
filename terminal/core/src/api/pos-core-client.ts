/** POS Core's public API as the till uses it (DESIGN §4); every answer parsed with its schema from `shared/`. */
import { HEADERS } from '@pos/shared/http';
import { type BatchResult, batchAnswer, type OrderProgress, type OrderSubmission, orderProgressAnswer } from '@pos/shared/order';
import { type PairingAnswer, pairingAnswer } from '@pos/shared/pairing';
import { type Reconciliation, reconciliation } from '@pos/shared/reconciliation';
import type { ShiftRecord } from '@pos/shared/shift-record';
import { type StoreProfile, storeProfile } from '@pos/shared/store';
import { formatTillSyncReport, type TillSyncReport } from '@pos/shared/till-sync-report';
import { type ShiftRecordAnswer, shiftRecordAnswer, type ZReport, zReportAnswer } from '@pos/shared/z-report';
import type { HttpClient } from './http-client.ts';

export interface SubmittedOrder {
  /** 201 (final status) or 202 (durably recorded, still pending). */
  httpStatus: number;
  order: OrderProgress;
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
      schema: orderProgressAnswer,
      body: order,
      headers: { [HEADERS.idempotencyKey]: order.id },
      timeoutMs: this.#timeouts.orderMs,
    });
    return { httpStatus: answer.status, order: answer.data.order, replayed: answer.headers.get(HEADERS.idempotentReplayed) === 'true' };
  }

  /** Submits queued orders; one result per item, matched by id. `report`: the till's sync state, for the manager's console. */
  async submitBatch(orders: readonly OrderSubmission[], report?: TillSyncReport): Promise<BatchResult[]> {
    const answer = await this.http.request('POST', '/v1/orders/batch', {
      schema: batchAnswer,
      body: { orders },
      timeoutMs: this.#timeouts.batchMs,
      ...(report ? { headers: { [HEADERS.tillSync]: formatTillSyncReport(report) } } : {}),
    });
    return answer.data.results;
  }

  /** One drawer record (shift open/close, cash in/out): Idempotency-Key = its id, so a resend records it once. */
  async submitShiftRecord(record: ShiftRecord): Promise<{ answer: ShiftRecordAnswer; replayed: boolean }> {
    const answer = await this.http.request('POST', '/v1/shift-records', {
      schema: shiftRecordAnswer,
      body: record,
      headers: { [HEADERS.idempotencyKey]: record.id },
    });
    return { answer: answer.data, replayed: answer.headers.get(HEADERS.idempotentReplayed) === 'true' };
  }

  /** POS Core's Z (or X, while open) report of a shift, recomputed from what it received. */
  async getZReport(shiftId: string): Promise<ZReport> {
    return (await this.http.request('GET', `/v1/shifts/${encodeURIComponent(shiftId)}/z-report`, { schema: zReportAnswer })).data.report;
  }

  async getOrder(id: string): Promise<OrderProgress> {
    return (await this.http.request('GET', `/v1/orders/${encodeURIComponent(id)}`, { schema: orderProgressAnswer })).data.order;
  }

  async getReconciliation(terminalId: string): Promise<Reconciliation> {
    return (await this.http.request('GET', `/v1/terminals/${encodeURIComponent(terminalId)}/reconciliation`, { schema: reconciliation }))
      .data;
  }

  /** The till's store: its name and the currency it sells in. */
  async getStore(): Promise<StoreProfile> {
    return (await this.http.request('GET', '/v1/store', { schema: storeProfile })).data;
  }

  /**
   * Rotates this till's own device token with the one it holds (`POST /v1/terminals/:id/token`; the
   * previous one keeps working for a short grace). `onlyIfRequested`: only while its manager's request
   * waits (409 otherwise); without it, unconditionally (e.g. after a lost answer).
   */
  async rotateToken(terminalId: string, options: { onlyIfRequested?: boolean } = {}): Promise<PairingAnswer> {
    const path = `/v1/terminals/${encodeURIComponent(terminalId)}/token`;
    const body = options.onlyIfRequested ? { onlyIfRequested: true } : {};
    return (await this.http.request('POST', path, { schema: pairingAnswer, body })).data;
  }

  /** Cancels a pending order (POS Core compensates); idempotent under the key `<id>:cancel`. */
  async cancelOrder(id: string): Promise<OrderProgress> {
    const answer = await this.http.request('POST', `/v1/orders/${encodeURIComponent(id)}/cancel`, {
      schema: orderProgressAnswer,
      body: {},
      headers: { [HEADERS.idempotencyKey]: `${id}:cancel` },
    });
    return answer.data.order;
  }
}
