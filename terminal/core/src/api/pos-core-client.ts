/** POS Core's public API as the till uses it (DESIGN §4); every answer parsed with its schema from `shared/`. */
import { HEADERS } from '@pos/shared/http';
import { type BatchResult, batchAnswer, type OrderProgress, type OrderSubmission, orderProgressAnswer } from '@pos/shared/order';
import { type PairingAnswer, pairingAnswer } from '@pos/shared/pairing';
import { type Reconciliation, reconciliation } from '@pos/shared/reconciliation';
import { type OrderRefundsAnswer, orderRefundsAnswer, type RefundSubmission, type RefundView, refundAnswer } from '@pos/shared/refund';
import type { ShiftRecord } from '@pos/shared/shift-record';
import { type TillStaffMember, tillStaffPage } from '@pos/shared/staff';
import type { StaffOverride, StaffSignIn } from '@pos/shared/staff-records';
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

  /** Every staff member of the till's store with their PIN hashes (`GET /v1/staff`, read to the last page). */
  async listStaff(): Promise<TillStaffMember[]> {
    const staff: TillStaffMember[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? '?limit=1000' : `?limit=1000&cursor=${encodeURIComponent(cursor)}`;
      const page = (await this.http.request('GET', `/v1/staff${query}`, { schema: tillStaffPage })).data;
      staff.push(...page.staff);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return staff;
  }

  /** Sends staff records of one kind (shared/src/staff-records.ts); one result per record, matched by id. */
  async submitStaffRecords(kind: 'sign-ins', records: readonly StaffSignIn[]): Promise<BatchResult[]>;
  async submitStaffRecords(kind: 'overrides', records: readonly StaffOverride[]): Promise<BatchResult[]>;
  async submitStaffRecords(kind: 'sign-ins' | 'overrides', records: readonly (StaffSignIn | StaffOverride)[]): Promise<BatchResult[]> {
    const answer = await this.http.request('POST', `/v1/staff/${kind}/batch`, {
      schema: batchAnswer,
      body: { records },
      timeoutMs: this.#timeouts.batchMs,
    });
    return answer.data.results;
  }

  /** Submits one refund: Idempotency-Key = the refund id, so a retry never pays back twice. Throws ApiError on any failure. */
  async submitRefund(refund: RefundSubmission): Promise<{ httpStatus: number; refund: RefundView; replayed: boolean }> {
    const answer = await this.http.request('POST', '/v1/refunds', {
      schema: refundAnswer,
      body: refund,
      headers: { [HEADERS.idempotencyKey]: refund.id },
      timeoutMs: this.#timeouts.orderMs,
    });
    return { httpStatus: answer.status, refund: answer.data.refund, replayed: answer.headers.get(HEADERS.idempotentReplayed) === 'true' };
  }

  async getRefund(id: string): Promise<RefundView> {
    return (await this.http.request('GET', `/v1/refunds/${encodeURIComponent(id)}`, { schema: refundAnswer })).data.refund;
  }

  /** An order of the store (any till's) with its refunds and what remains refundable: what the refund screen starts from. */
  async getOrderRefunds(orderId: string): Promise<OrderRefundsAnswer> {
    return (await this.http.request('GET', `/v1/orders/${encodeURIComponent(orderId)}/refunds`, { schema: orderRefundsAnswer })).data;
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
