/**
 * The online card checkout (CP): only while POS Core is reachable; `POST /v1/orders` with
 * Idempotency-Key = the order id.
 *
 *   idle ─charge─▶ charging ─201/202─▶ done(status)         201: confirmed | declined | rejected; 202: pending
 *                     │ network error, timeout, 409, 429, 5xx: outcome UNKNOWN
 *                     ▼
 *                  checking ── retry the SAME order (same id, same body) with backoff ──▶ done
 *                     │ 400/422
 *                     ▼
 *                  failed (sale → needs_attention)
 *
 * Decision on the local record: the card sale is written to `sales` before the first request, with
 * status 'sending' (so history shows it and the batch engine leaves it alone). If this window dies
 * while the outcome is unknown, the next sync leader turns 'sending' back into 'queued' and the batch
 * engine resends it with the same id: POS Core answers with the order it already has, or records it
 * now — never a second charge (the id is the idempotency key on both endpoints). Resolved card sales
 * (any server status) are never resent. A pending card sale is finished by the SyncEngine's poll.
 * Never two charges for one cart: `charge` refuses while the last card sale is unresolved
 * (sending, queued or pending).
 */
import { uuidv7 } from '@pos/shared/ids';
import { ApiError, type ApiFailure, describeFailure, toApiError } from '../api/api-error.ts';
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { ServerReachability } from '../api/server-reachability.ts';
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleStatus } from '../outbox/outbox-record.ts';
import { getSale } from '../outbox/read-sales.ts';
import { recordSale } from '../outbox/record-sale.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { type BackoffPolicy, retryDelay } from '../sync/backoff.ts';
import { WakeableSleep } from '../sync/wake-sleep.ts';
import { buildOrder, type SaleContext, type SplitPayment } from './build-order.ts';
import type { CartState } from './cart.ts';

export type CardCheckoutState =
  | { phase: 'idle' }
  | { phase: 'charging'; saleId: string }
  /**
   * The outcome is not known yet; retrying with the same order. `notRecorded`: POS Core said 503 —
   * it recorded nothing (DESIGN §4), so no money moved yet (e.g. Payment is unreachable).
   */
  | { phase: 'checking'; saleId: string; failure: ApiFailure; lastError: string; notRecorded: boolean }
  | { phase: 'done'; saleId: string; status: SaleStatus; reason: string | null }
  | { phase: 'failed'; saleId: string; reason: string };

export class CardPaymentRefused extends Error {
  override name = 'CardPaymentRefused';
}

/** Cancelling a pending card sale failed; `failure` says how (the cashier's sentence is chosen from it). */
export class CardCancelFailed extends Error {
  override name = 'CardCancelFailed';
  constructor(readonly failure: ApiFailure) {
    super(`Cancel failed: ${describeFailure(failure)}`);
  }
}

const UNRESOLVED: readonly SaleStatus[] = ['queued', 'sending', 'pending'];

export interface CardCheckoutOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  reachability: ServerReachability;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** The till's clock (the sale's createdAt and id); default the system clock. */
  now?: () => Date;
}

export class CardCheckout {
  readonly #options: CardCheckoutOptions;
  readonly #listeners = new Set<() => void>();
  readonly #sleep = new WakeableSleep();
  #state: CardCheckoutState = { phase: 'idle' };

  constructor(options: CardCheckoutOptions) {
    this.#options = options;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): CardCheckoutState => this.#state;

  /** True while the last card sale's outcome is not known to be final. */
  async hasUnresolvedSale(): Promise<boolean> {
    const state = this.#state;
    if (state.phase === 'charging' || state.phase === 'checking') return true;
    if (state.phase !== 'done') return false;
    const row = await getSale(this.#options.db, state.saleId);
    return row !== undefined && UNRESOLVED.includes(row.status);
  }

  /** Back to idle for the next customer; refused while the last card sale is unresolved. */
  async reset(): Promise<void> {
    if (await this.hasUnresolvedSale())
      throw new CardPaymentRefused('The last card payment is not resolved yet: wait until the till knows whether it went through.');
    this.#set({ phase: 'idle' });
  }

  /**
   * Records the card sale and charges it; resolves when the outcome is known (it retries unknown outcomes itself).
   * `cardToken`: the whole total by one card; `split`: card parts and the rest in cash, one order.
   */
  async charge(
    input: { cart: CartState; context: SaleContext } & ({ cardToken: string } | { split: SplitPayment }),
  ): Promise<CardCheckoutState> {
    if (await this.hasUnresolvedSale())
      throw new CardPaymentRefused(
        'A card payment for this cart is still being checked: wait until the till knows whether it went through.',
      );
    if (!this.#options.reachability.isOnline || input.context.captureMode !== 'online') {
      throw new CardPaymentRefused("Card payments need the store server, and it can't be reached right now. Take cash or wait.");
    }
    const now = this.#options.now?.() ?? new Date();
    const id = uuidv7(now.getTime());
    const sale = await recordSale(this.#options.db, {
      kind: 'card',
      status: 'sending',
      lineNames: input.cart.lines.map((l) => l.name),
      now,
      build: ({ seq, lamport }) =>
        buildOrder({
          id,
          seq,
          lamport,
          cart: input.cart,
          payment: 'split' in input ? input.split : { type: 'card', cardToken: input.cardToken },
          context: input.context,
          now,
        }),
    });
    this.#set({ phase: 'charging', saleId: sale.id });
    let attempt = 0;
    for (;;) {
      try {
        const answer = await this.#options.posCore.submitOrder(sale.order);
        const status = answer.order.status;
        await settleSale(this.#options.db, sale.id, { status, reason: answer.order.reason ?? null, failure: null }, ['sending', 'queued']);
        const row = await getSale(this.#options.db, sale.id);
        return this.#set({ phase: 'done', saleId: sale.id, status: row?.status ?? status, reason: row?.reason ?? null });
      } catch (error) {
        const failure = toApiError(error).failure;
        if (failure.kind === 'permanent') {
          const reason = failure.problem.detail ?? failure.problem.title;
          await settleSale(this.#options.db, sale.id, { status: 'needs_attention', reason, failure }, ['sending', 'queued']);
          return this.#set({ phase: 'failed', saleId: sale.id, reason });
        }
        // Unknown outcome: the charge may or may not have happened. Only ever ask again with the same order.
        const row = await getSale(this.#options.db, sale.id);
        if (row && !UNRESOLVED.includes(row.status)) {
          // Another path (the batch engine after a window change, or a poll) learned the outcome meanwhile.
          return this.#set({ phase: 'done', saleId: sale.id, status: row.status, reason: row.reason });
        }
        const notRecorded = failure.kind === 'retryable' && failure.status === 503;
        // Kept on the sale too, so the Orders screen says why it is not confirmed.
        if (row) await settleSale(this.#options.db, sale.id, { status: row.status, failure }, ['sending', 'queued']);
        this.#set({ phase: 'checking', saleId: sale.id, failure, lastError: describeFailure(failure), notRecorded });
        await this.#sleep.sleep(
          retryDelay(attempt, failure.kind === 'retryable' ? failure.retryAfterSeconds : null, this.#options.backoff, this.#options.random),
        );
        attempt += 1;
      }
    }
  }

  /** Retry an unknown outcome now instead of waiting for the backoff. */
  retryNow(): void {
    this.#sleep.wake();
  }

  /** Cancels the pending card sale (POS Core voids or refunds and releases the stock). */
  async cancelPending(): Promise<SaleStatus> {
    const state = this.#state;
    if (state.phase !== 'done') throw new CardPaymentRefused('There is no card payment to cancel.');
    try {
      const order = await this.#options.posCore.cancelOrder(state.saleId);
      await settleSale(this.#options.db, state.saleId, { status: order.status, reason: order.reason ?? null });
    } catch (error) {
      if (error instanceof ApiError) throw new CardCancelFailed(error.failure);
      throw error;
    }
    const row = await getSale(this.#options.db, state.saleId);
    const status = row?.status ?? 'pending';
    this.#set({ phase: 'done', saleId: state.saleId, status, reason: row?.reason ?? null });
    return status;
  }

  #set(state: CardCheckoutState): CardCheckoutState {
    this.#state = state;
    for (const listener of this.#listeners) listener();
    return state;
  }
}
