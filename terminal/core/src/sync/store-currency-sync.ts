/**
 * The till's copy of the currency its store sells in (`GET /v1/store`, kept in meta `storeCurrency`),
 * of its pricing rules (meta `storePricing`, when the server names them), of the store's settings its
 * tills apply (meta `parkedCartExpiryMinutes`), of its offline refund limit (meta `offlineRefundLimit`) and
 * of its shift-close tolerance (meta `shiftCloseTolerance`):
 * read at start and, until one read has succeeded in this run, again whenever POS Core is reachable; and
 * read again (`reread`) when a manager changed the settings (`store.settings_changed` on the event feed) and
 * whenever the till's event stream (re)opens (a change may have been missed while it was closed) — so a
 * running till applies the new rules (discount cap, cash rounding, prices incl./excl. tax, parked-cart
 * expiry, offline refund limit, shift-close tolerance) without a reload: its screens read the copy live.
 * The copy stays in the till's database, so a till that learned it once sells offline (G5); a till
 * that never reached POS Core has no currency and records no sale (sale-context.ts).
 */
import type { PosCoreClient } from '../api/pos-core-client.ts';
import type { ServerReachability } from '../api/server-reachability.ts';
import { putMetaValues } from '../db/meta.ts';
import type { TillDatabase } from '../db/till-database.ts';

export interface StoreCurrencySyncOptions {
  db: TillDatabase;
  posCore: PosCoreClient;
  reachability: ServerReachability;
}

export class StoreCurrencySync {
  readonly #options: StoreCurrencySyncOptions;
  #current: Promise<void> | null = null;
  #learned = false;
  /** A reread was asked for while a read was under way (it may have started before the change): read once more. */
  #stale = false;
  #unsubscribe: (() => void) | null = null;

  constructor(options: StoreCurrencySyncOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#options.reachability.subscribe(() => {
      if (this.#options.reachability.isOnline) void this.refresh();
    });
    void this.refresh();
  }

  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Reads the store's profile once (single flight) unless this run already has; never rejects. */
  refresh(): Promise<void> {
    if (this.#learned) return Promise.resolve();
    return this.#read();
  }

  /**
   * Reads the store's profile again, whatever this run learned before (the settings changed, or may have);
   * a read already under way is followed by one more. Never rejects; a failed read is retried at the next
   * reachable moment.
   */
  reread(): Promise<void> {
    this.#learned = false;
    this.#stale = true;
    return this.#read();
  }

  #read(): Promise<void> {
    this.#current ??= (async () => {
      try {
        do {
          this.#stale = false;
          const store = await this.#options.posCore.getStore();
          await putMetaValues(this.#options.db, {
            storeCurrency: store.currency,
            ...(store.pricing ? { storePricing: store.pricing } : {}),
            ...(store.parkedCartExpiryMinutes ? { parkedCartExpiryMinutes: store.parkedCartExpiryMinutes } : {}),
            ...(store.offlineRefundLimit !== undefined ? { offlineRefundLimit: store.offlineRefundLimit } : {}),
            ...(store.shiftCloseTolerance !== undefined ? { shiftCloseTolerance: store.shiftCloseTolerance } : {}),
          });
          this.#learned = true;
        } while (this.#stale);
      } catch {
        // POS Core unreachable or refusing: the copy (if any) stays; the next reachable moment tries again.
        this.#learned = false;
      } finally {
        this.#current = null;
      }
    })();
    return this.#current;
  }
}
