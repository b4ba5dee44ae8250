/**
 * A till for fault-injection tests and the soak, speaking the real HTTP contract with the till's
 * retry rules (terminal/src/sync/sync-engine.ts; DESIGN §3), in memory instead of IndexedDB:
 *
 *   cash:  recorded 'queued' ──POST /v1/orders/batch (seq order, ≤ batchSize)──▶ final | pending | needs_attention
 *   card:  recorded 'sending' ──POST /v1/orders + Idempotency-Key = id──▶ final | pending
 *   pending ──GET /v1/orders/:id──▶ final
 *
 * Every sale keeps its id for life, so a resend after a lost answer is deduplicated by the server (G1).
 * Network errors, timeouts, 408/409/429/5xx — of a whole request or of one batch item — mean "retry
 * later": back off with full jitter (terminal/src/sync/backoff.ts, Retry-After as a floor), same ids.
 * A per-item 400/422 is permanent: the sale needs attention. Every request and its outcome is reported
 * to `onHistory` (the soak writes them as JSON lines).
 *
 * The till's clock (`clockOffsetMs`) only sets `createdAt`, as on a real till whose clock is wrong;
 * `lamport` is the till's own counter.
 */
import { uuidv7 } from '@pos/shared/ids';
import type { OrderSubmission } from '@pos/shared/order';
import { type BackoffPolicy, retryDelay } from '@pos/till-core/sync';

export type TillSaleStatus = 'queued' | 'sending' | 'pending' | 'confirmed' | 'declined' | 'rejected' | 'cancelled' | 'needs_attention';
const FINAL = new Set<TillSaleStatus>(['confirmed', 'declined', 'rejected', 'cancelled']);
/** Final on the server or parked for a person: the till will not send it again by itself. */
export const isSettled = (status: TillSaleStatus) => FINAL.has(status) || status === 'needs_attention';

export interface TillSale {
  order: OrderSubmission;
  kind: 'cash' | 'card';
  status: TillSaleStatus;
  /** Requests that carried this sale. */
  attempts: number;
  reason: string | null;
}

/** One request of a till and what came of it (or the recording of a sale). */
export type TillHistoryEntry =
  /** `receipt`: the customer asked for a receipt email. */
  | { type: 'record'; till: string; id: string; seq: number; kind: 'cash' | 'card'; total: number; receipt?: true }
  | {
      type: 'request';
      till: string;
      op: 'batch' | 'order' | 'poll';
      ids: string[];
      startedAt: number;
      ms: number;
      /** HTTP status, or 'network_error' / 'timeout'. */
      outcome: number | 'network_error' | 'timeout';
      /** Per sale: the status the server answered, or `error:<http status>`. */
      results?: Record<string, string>;
    };

export interface SimulatedTillOptions {
  terminalId: string;
  token: string;
  /** POS Core's base URL as this till reaches it (e.g. through a fault proxy). */
  baseUrl: string;
  random: () => number;
  backoff?: BackoffPolicy;
  /** Orders per batch (POS Core accepts up to 500). */
  batchSize?: number;
  /** Per request (default 15 s). */
  requestTimeoutMs?: number;
  /** How often pending sales are polled (default 200 ms). */
  pendingPollMs?: number;
  /** The till's wall clock relative to the real one (createdAt only). */
  clockOffsetMs?: number;
  onHistory?: (entry: TillHistoryEntry) => void;
}

/** What a sale may carry beside its lines and tender. */
export interface SaleExtras {
  /** The customer's address for a receipt email (the notification service sends it once confirmed). */
  receiptEmail?: string;
}

export interface LineSpec {
  productId: string;
  unitPrice: number;
  taxRateBps: number;
  quantity: number;
}

interface RequestOutcome {
  status: number | 'network_error' | 'timeout';
  retryAfterSeconds: number | null;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers of several shapes
  body: any;
}

export class SimulatedTill {
  readonly terminalId: string;
  readonly sales = new Map<string, TillSale>();
  private seq = 0;
  private lamport = 0;
  private failures = 0;
  private nextAttemptAt = 0;
  private running = false;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readonly cardSubmissions = new Set<Promise<void>>();
  private readonly options: Required<Omit<SimulatedTillOptions, 'onHistory'>> & Pick<SimulatedTillOptions, 'onHistory'>;

  constructor(options: SimulatedTillOptions) {
    this.terminalId = options.terminalId;
    this.options = {
      backoff: { baseMs: 200, capMs: 5_000 },
      batchSize: 500,
      requestTimeoutMs: 15_000,
      pendingPollMs: 200,
      clockOffsetMs: 0,
      ...options,
    };
  }

  /** Records a cash sale (offline capture: always accepted by the server) into the outbox. */
  recordCash(lines: LineSpec[], extras: SaleExtras = {}): TillSale {
    const sale = this.record('cash', lines, (total) => [{ type: 'cash', amount: total, received: total }], 'offline', extras);
    this.wake?.();
    return sale;
  }

  /** Records a card sale and submits it at once (online checkout), retrying the same key until answered. */
  recordCard(lines: LineSpec[], cardToken = 'tok_visa', extras: SaleExtras = {}): TillSale {
    const sale = this.record('card', lines, (total) => [{ type: 'card', amount: total, cardToken }], 'online', extras);
    sale.status = 'sending';
    this.trackCard(sale);
    return sale;
  }

  /**
   * Takes over a sale another client recorded — as a second window of the same till sees the same
   * outbox — and sends it too: cash through the outbox, card at once.
   */
  adopt(order: OrderSubmission, kind: 'cash' | 'card'): TillSale {
    const sale: TillSale = { order, kind, status: kind === 'cash' ? 'queued' : 'sending', attempts: 0, reason: null };
    this.sales.set(order.id, sale);
    if (kind === 'card') this.trackCard(sale);
    else this.wake?.();
    return sale;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops sending: the outbox loop and card submissions still retrying end (their sales stay as they are). */
  async stop(): Promise<void> {
    this.running = false;
    this.stopped = true;
    this.wake?.();
    await this.loop;
    await Promise.all([...this.cardSubmissions]);
  }

  /** Every sale is final on the server or needs attention: nothing left to send or to wait for. */
  get drained(): boolean {
    for (const sale of this.sales.values()) if (!isSettled(sale.status)) return false;
    return true;
  }

  counts(): Record<TillSaleStatus, number> {
    const counts = { queued: 0, sending: 0, pending: 0, confirmed: 0, declined: 0, rejected: 0, cancelled: 0, needs_attention: 0 };
    for (const sale of this.sales.values()) counts[sale.status] += 1;
    return counts;
  }

  private record(
    kind: 'cash' | 'card',
    lines: LineSpec[],
    tenders: (total: number) => OrderSubmission['tenders'],
    captureMode: OrderSubmission['captureMode'],
    extras: SaleExtras,
  ): TillSale {
    const total = lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    this.seq += 1;
    this.lamport += 1;
    const order: OrderSubmission = {
      id: uuidv7(),
      terminalId: this.terminalId,
      seq: this.seq,
      createdAt: new Date(Date.now() + this.options.clockOffsetMs).toISOString(),
      lamport: this.lamport,
      captureMode,
      currency: 'EUR',
      priceListVersion: 1,
      lines: lines.map(({ productId, quantity, unitPrice, taxRateBps }) => ({ productId, quantity, unitPrice, taxRateBps })),
      tenders: tenders(total),
      total,
      ...(extras.receiptEmail ? { receiptEmail: extras.receiptEmail } : {}),
    };
    const sale: TillSale = { order, kind, status: 'queued', attempts: 0, reason: null };
    this.sales.set(order.id, sale);
    this.options.onHistory?.({
      type: 'record',
      till: this.terminalId,
      id: order.id,
      seq: order.seq,
      kind,
      total,
      ...(extras.receiptEmail ? { receipt: true as const } : {}),
    });
    return sale;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const wait = this.nextAttemptAt - Date.now();
      if (wait > 0) {
        await this.sleep(wait);
        continue;
      }
      const queued = [...this.sales.values()]
        .filter((s) => s.status === 'queued')
        .sort((a, b) => a.order.seq - b.order.seq)
        .slice(0, this.options.batchSize);
      if (queued.length > 0) {
        await this.sendBatch(queued);
        continue;
      }
      const pending = [...this.sales.values()].filter((s) => s.status === 'pending');
      if (pending.length > 0) {
        await this.poll(pending.slice(0, 50));
        await this.sleep(this.options.pendingPollMs);
        continue;
      }
      await this.sleep(this.options.pendingPollMs);
    }
  }

  private async sendBatch(sales: TillSale[]): Promise<void> {
    for (const sale of sales) {
      sale.status = 'sending';
      sale.attempts += 1;
    }
    const answer = await this.request('batch', 'POST', '/v1/orders/batch', { orders: sales.map((s) => s.order) }, sales);
    if (answer.status !== 200) {
      for (const sale of sales) if (sale.status === 'sending') sale.status = 'queued';
      return this.backOff(answer.retryAfterSeconds);
    }
    let retry = false;
    const results = new Map<string, { status?: TillSaleStatus; error?: { status?: number; detail?: string } }>(
      (answer.body?.results ?? []).map((r: { id: string }) => [r.id, r]),
    );
    for (const sale of sales) {
      const result = results.get(sale.order.id);
      const errorStatus = result?.error?.status ?? 0;
      if (result?.status) sale.status = result.status;
      else if (result?.error && !(errorStatus === 408 || errorStatus === 409 || errorStatus === 429 || errorStatus >= 500)) {
        sale.status = 'needs_attention';
        sale.reason = result.error.detail ?? `HTTP ${errorStatus}`;
      } else {
        sale.status = 'queued';
        retry = true;
      }
    }
    if (retry) this.backOff(null);
    else this.failures = 0;
  }

  private trackCard(sale: TillSale): void {
    const submission = this.submitCard(sale).finally(() => this.cardSubmissions.delete(submission));
    this.cardSubmissions.add(submission);
  }

  private async submitCard(sale: TillSale): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      sale.attempts += 1;
      const answer = await this.request('order', 'POST', '/v1/orders', sale.order, [sale], { 'Idempotency-Key': sale.order.id });
      if (answer.status === 200 || answer.status === 201 || answer.status === 202) {
        sale.status = answer.body.order.status;
        return;
      }
      if (typeof answer.status === 'number' && answer.status >= 400 && answer.status < 500 && ![408, 409, 429].includes(answer.status)) {
        sale.status = 'needs_attention';
        sale.reason = answer.body?.detail ?? `HTTP ${answer.status}`;
        return;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, retryDelay(failures++, answer.retryAfterSeconds, this.options.backoff, this.options.random)),
      );
    }
  }

  private async poll(sales: TillSale[]): Promise<void> {
    await Promise.all(
      sales.map(async (sale) => {
        const answer = await this.request('poll', 'GET', `/v1/orders/${sale.order.id}`, undefined, [sale]);
        if (answer.status === 200 && sale.status === 'pending') sale.status = answer.body.order.status;
      }),
    );
  }

  private backOff(retryAfterSeconds: number | null): void {
    this.nextAttemptAt = Date.now() + retryDelay(this.failures++, retryAfterSeconds, this.options.backoff, this.options.random);
  }

  private async request(
    op: 'batch' | 'order' | 'poll',
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    sales: TillSale[],
    headers: Record<string, string> = {},
  ): Promise<RequestOutcome> {
    const startedAt = Date.now();
    let outcome: RequestOutcome;
    try {
      const response = await fetch(this.options.baseUrl + path, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs),
      });
      const text = await response.text();
      const retryAfter = Number(response.headers.get('retry-after'));
      outcome = {
        status: response.status,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
        body: text ? JSON.parse(text) : null,
      };
    } catch (error) {
      outcome = { status: (error as Error).name === 'TimeoutError' ? 'timeout' : 'network_error', retryAfterSeconds: null, body: null };
    }
    this.options.onHistory?.({
      type: 'request',
      till: this.terminalId,
      op,
      ids: sales.map((s) => s.order.id),
      startedAt,
      ms: Date.now() - startedAt,
      outcome: outcome.status,
      results: resultsOf(op, outcome),
    });
    return outcome;
  }

  /** The outbox loop's wait; recording a cash sale or stopping cuts it short. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

function resultsOf(op: 'batch' | 'order' | 'poll', outcome: RequestOutcome): Record<string, string> | undefined {
  if (typeof outcome.status !== 'number' || outcome.status >= 300 || !outcome.body) return undefined;
  if (op === 'batch') {
    return Object.fromEntries(
      (outcome.body.results ?? []).map((r: { id: string; status?: string; error?: { status?: number } }) => [
        r.id,
        r.status ?? `error:${r.error?.status}`,
      ]),
    );
  }
  return { [outcome.body.order.id]: outcome.body.order.status };
}
