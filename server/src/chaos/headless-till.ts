// First: the till core's Dexie must find an IndexedDB when it loads (fake-indexeddb: a real
// IndexedDB implementation in memory; each till opens its own database in it). A suite that needs
// more of the till core than this class offers imports it after this module.
import 'fake-indexeddb/auto';
/**
 * The real till without its screens, in Node: @pos/till-core's own SyncEngine (the outbox sender)
 * and CardCheckout on the till's own database, speaking to POS Core at `baseUrl` (through a fault
 * proxy in the chaos suites and the soak). What those suites sell with, so they prove the till that
 * cashiers run — not a copy of its rules.
 *
 *   cash:  recordCashSale → 'queued' ──SyncEngine: POST /v1/orders/batch──▶ final | pending | needs_attention
 *   card:  CardCheckout.charge → 'sending' ──POST /v1/orders, Idempotency-Key = id──▶ final | pending
 *   pending ──SyncEngine's poll, GET /v1/orders/:id──▶ final
 *
 * Node has no Web Locks, so each till's SyncEngine leads at once (one sender per database). Each card
 * sale is charged by its own CardCheckout, as at a checkout of its own: card sales never wait for
 * each other, and none waits for the outbox. The till's clock (`clockOffsetMs`) sets `createdAt`
 * (and the card sale's id time), as on a real till whose clock is wrong. Every recorded sale and
 * every send, charge and poll request is reported to `onHistory` (till-history.ts).
 */
import { HttpClient, PosCoreClient, ServerReachability } from '@pos/till-core/api';
import {
  CardCheckout,
  type CardCheckoutState,
  CardPaymentRefused,
  type CartState,
  cartTotals,
  recordCashSale,
  type SaleContext,
} from '@pos/till-core/checkout';
import { getMeta, TillDatabase } from '@pos/till-core/database';
import {
  allSales,
  countSales,
  getSale,
  type ImportResult,
  isSale,
  type RefundRecord,
  type SaleCounts,
  type SaleRecord,
} from '@pos/till-core/outbox';
import { loadRefundSource, makeRefund, RefundRefused, RefundSourceUnavailable } from '@pos/till-core/refunds';
import { closeShift, ensureOpenShift, shiftTotals } from '@pos/till-core/shift';
import { type BackoffPolicy, SyncEngine } from '@pos/till-core/sync';
import { exportUnsyncedSales, importSales } from '@pos/till-core/transfer';
import { cardPartsOf } from '../testing/test-orders.ts';
import { observedFetch, type TillHistoryEntry } from './till-history.ts';

export interface HeadlessTillOptions {
  terminalId: string;
  token: string;
  /** POS Core's base URL as this till reaches it (e.g. through a fault proxy). */
  baseUrl: string;
  random: () => number;
  backoff?: BackoffPolicy;
  /** Most orders per batch request (POS Core accepts up to 500). */
  batchSize?: number;
  /** How long the till waits for any answer before the outcome counts as unknown (default 15 s). */
  requestTimeoutMs?: number;
  /** How often pending sales are polled (default 200 ms). */
  pendingPollMs?: number;
  /** The till's wall clock relative to the real one. */
  clockOffsetMs?: number;
  /** Another device of the same terminal (its own database), e.g. a replacement till that imported its sales. */
  device?: string;
  onHistory?: (entry: TillHistoryEntry) => void;
}

/** One line of a sale as the suites describe it (the till's cart line without the product name). */
export interface LineSpec {
  productId: string;
  unitPrice: number;
  taxRateBps: number;
  quantity: number;
}

/** What a sale may carry beside its lines and tender. */
export interface SaleExtras {
  /** The customer's address for a receipt email (the notification service sends it once confirmed). */
  receiptEmail?: string;
}

export class HeadlessTill {
  readonly terminalId: string;
  readonly db: TillDatabase;
  readonly syncEngine: SyncEngine;
  readonly #options: HeadlessTillOptions;
  readonly #posCore: PosCoreClient;
  readonly #reachability: ServerReachability;
  readonly #charges = new Set<Promise<unknown>>();
  #recorded = 0;

  private constructor(options: HeadlessTillOptions, db: TillDatabase) {
    this.#options = options;
    this.terminalId = options.terminalId;
    this.db = db;
    const onHistory = options.onHistory ?? (() => {});
    const fetch = observedFetch(options.terminalId, onHistory);
    const timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.#reachability = ServerReachability.forService(options.baseUrl, fetch);
    this.#posCore = new PosCoreClient(
      new HttpClient({ baseUrl: options.baseUrl, token: options.token, reachability: this.#reachability, fetch, timeoutMs }),
      { orderMs: timeoutMs, batchMs: timeoutMs },
    );
    this.syncEngine = new SyncEngine({
      db,
      posCore: this.#posCore,
      terminalId: options.terminalId,
      reachability: this.#reachability,
      locks: null,
      random: options.random,
      pendingPollMs: options.pendingPollMs ?? 200,
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
  }

  /** Opens the till's database and learns whether POS Core answers (a card sale needs it). Not sending yet: see start(). */
  static async open(options: HeadlessTillOptions): Promise<HeadlessTill> {
    const db = new TillDatabase(options.device ? `${options.terminalId}@${options.device}` : options.terminalId);
    await db.open();
    const till = new HeadlessTill(options, db);
    till.#reachability.start();
    await till.#reachability.checkNow();
    return till;
  }

  start(): void {
    this.syncEngine.start();
  }

  /**
   * Stops sending and closes the database: the outbox sender ends, and a card checkout still
   * retrying ends at its next write (its sale stays as it is).
   */
  async stop(): Promise<void> {
    this.#reachability.stop();
    await this.syncEngine.stop();
    this.db.close();
    await Promise.allSettled([...this.#charges]);
  }

  /** Records a cash sale (offline capture, the till's outbox sends it). */
  async recordCash(lines: LineSpec[], extras: SaleExtras = {}): Promise<SaleRecord> {
    const cart = cartOf(lines, extras);
    const total = cart.lines.reduce((sum, l) => sum + l.quantity * l.unitPrice, 0);
    await this.#ensureShift();
    const sale = await recordCashSale(this.db, { cart, received: total, context: this.#context('offline'), now: this.#now() });
    this.#reportRecorded(sale, extras);
    this.syncEngine.notifySaleRecorded();
    return sale;
  }

  /**
   * Charges a card sale (`card`: its token, or one token per card part) at a checkout of its own (online capture: recorded, then POST /v1/orders,
   * retried with the same order until answered). Resolves once it is recorded, with its id and the
   * charge's outcome to come; null when the till refused to take a card (POS Core unreachable: the
   * cashier takes cash instead) — then nothing was recorded.
   */
  async chargeCard(
    lines: LineSpec[],
    card: string | readonly string[] = 'tok_visa',
    extras: SaleExtras = {},
  ): Promise<{ id: string; outcome: Promise<CardCheckoutState> } | null> {
    await this.#ensureShift();
    const checkout = new CardCheckout({
      db: this.db,
      posCore: this.#posCore,
      reachability: this.#reachability,
      random: this.#options.random,
      now: () => this.#now(),
      ...(this.#options.backoff ? { backoff: this.#options.backoff } : {}),
    });
    const recorded = new Promise<string>((resolve) => {
      const unsubscribe = checkout.subscribe(() => {
        const state = checkout.getSnapshot();
        if (state.phase === 'idle') return;
        unsubscribe();
        resolve(state.saleId);
      });
    });
    const cart = cartOf(lines, extras);
    // Several tokens: one card part each (the total split evenly), one order.
    const payment =
      typeof card === 'string'
        ? { cardToken: card }
        : { split: { type: 'split' as const, cards: cardPartsOf(cartTotals(cart).total, card), cashReceived: 0 } };
    const outcome = checkout.charge({ cart, ...payment, context: this.#context('online') });
    this.#charges.add(outcome);
    void outcome.finally(() => this.#charges.delete(outcome)).catch(() => {});
    const first = await Promise.race([
      recorded,
      outcome.then(
        () => null,
        (error: unknown) => error,
      ),
    ]);
    if (first instanceof CardPaymentRefused) return null;
    if (typeof first !== 'string' && first !== null) throw first;
    const id = await recorded;
    const sale = await getSale(this.db, id);
    if (sale && isSale(sale)) this.#reportRecorded(sale, extras);
    return { id, outcome };
  }

  /**
   * Refunds one unit of the sale's first line, back to stock, as a cashier would (refunds/make-refund.ts):
   * online against POS Core's remainder (to the card when the sale was paid by card), offline in cash from
   * this till's own record. Null when the till refuses (nothing left, over the offline limit, card offline,
   * the sale unknown or not confirmed yet) — then nothing was recorded.
   */
  async refundOne(saleId: string): Promise<RefundRecord | null> {
    const online = this.#reachability.isOnline;
    try {
      const source = await loadRefundSource(this.db, this.#posCore, online, saleId, async () => undefined);
      const first = source.lines[0];
      if (!first) return null;
      const refund = await makeRefund(this.db, {
        source,
        choice: {
          lines: [{ lineNo: first.lineNo, quantity: 1, restock: true }],
          reason: 'soak: customer brought it back',
          tender: source.paidByCard && online ? 'card' : 'cash',
        },
        terminalId: this.terminalId,
        online,
        offlineLimit: 5_000,
        now: this.#now(),
      });
      this.syncEngine.notifySaleRecorded();
      return refund;
    } catch (error) {
      if (error instanceof RefundRefused || error instanceof RefundSourceUnavailable) return null;
      throw error;
    }
  }

  /** Every sale is final on the server or needs a person: nothing left to send, to charge or to wait for. */
  async drained(): Promise<boolean> {
    const counts = await countSales(this.db);
    return counts.queued + counts.sending + counts.pending === 0 && this.#charges.size === 0;
  }

  /** The till's unsynced sales as an export file's text (transfer/: the cashier's "Export unsynced sales"). */
  async exportUnsynced(): Promise<string> {
    return JSON.stringify(await exportUnsyncedSales(this.db, this.terminalId));
  }

  /** Imports an export file into this till's outbox ("Import sales file"); the sync engine sends them. */
  async importSales(text: string): Promise<ImportResult> {
    const result = await importSales(this.db, this.terminalId, text);
    this.syncEngine.notifySaleRecorded();
    return result;
  }

  /** One sale as this till holds it (undefined: none with this id). */
  async sale(id: string): Promise<SaleRecord | undefined> {
    const record = await getSale(this.db, id);
    return record && isSale(record) ? record : undefined;
  }

  counts(): Promise<SaleCounts> {
    return countSales(this.db);
  }

  /** Every sale this till holds, in seq order (its drawer records aside). */
  async sales(): Promise<SaleRecord[]> {
    return (await allSales(this.db)).filter(isSale);
  }

  /** Every refund this till holds, in seq order. */
  async refunds(): Promise<RefundRecord[]> {
    return (await allSales(this.db)).filter((r): r is RefundRecord => r.entry === 'refund');
  }

  /**
   * Selling needs an open shift: opened at the first sale, not at open(), so a replacement device
   * numbers its own records only after it has imported the broken till's (its counter moves past them).
   */
  /**
   * Closes the till's open shift with a count of exactly the cash its own totals expect (100s and 1s);
   * answers the shift's id, or null when none was open. The close is sent like every record.
   */
  async closeShift(): Promise<string | null> {
    const open = await getMeta(this.db, 'openShift');
    if (!open) return null;
    const { expectedCash } = await shiftTotals(this.db, { terminalId: this.terminalId, openSeq: open.openSeq, float: open.float });
    const counted = Math.max(0, expectedCash);
    await closeShift(this.db, {
      terminalId: this.terminalId,
      denominations: [
        { value: 100, quantity: Math.floor(counted / 100) },
        { value: 1, quantity: counted % 100 },
      ],
    });
    this.syncEngine.notifySaleRecorded();
    return open.id;
  }

  async #ensureShift(): Promise<void> {
    await ensureOpenShift(this.db, { terminalId: this.terminalId, currency: 'EUR' });
    this.syncEngine.notifySaleRecorded();
  }

  #now(): Date {
    return new Date(Date.now() + (this.#options.clockOffsetMs ?? 0));
  }

  #context(captureMode: SaleContext['captureMode']): SaleContext {
    return { terminalId: this.terminalId, currency: 'EUR', priceListVersion: 1, captureMode };
  }

  #reportRecorded(sale: SaleRecord, extras: SaleExtras): void {
    this.#recorded += 1;
    this.#options.onHistory?.({
      type: 'record',
      till: this.terminalId,
      id: sale.id,
      seq: sale.seq,
      kind: sale.kind,
      total: sale.order.total,
      ...(extras.receiptEmail ? { receipt: true as const } : {}),
    });
  }

  /** How many sales this till recorded (for unique receipt addresses). */
  get recorded(): number {
    return this.#recorded;
  }
}

const cartOf = (lines: LineSpec[], extras: SaleExtras): CartState => ({
  lines: lines.map((l) => ({ ...l, name: l.productId })),
  ...(extras.receiptEmail ? { receiptEmail: extras.receiptEmail } : {}),
});
