/**
 * The till's copy of the currency its store sells in (`GET /v1/store`, kept in meta `storeCurrency`),
 * of its pricing rules (meta `storePricing`, when the server names them), of the store's settings its
 * tills apply (meta `parkedCartExpiryMinutes`), of its offline refund limit (meta `offlineRefundLimit`) and
 * of its shift-close tolerance (meta `shiftCloseTolerance`):
 * read at start and, until one read has succeeded in this run, again whenever POS Core is reachable.
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

  /** Reads the store's currency once (single flight) unless this run already has; never rejects. */
  refresh(): Promise<void> {
    if (this.#learned) return Promise.resolve();
    this.#current ??= (async () => {
      try {
        const store = await this.#options.posCore.getStore();
        await putMetaValues(this.#options.db, {
          storeCurrency: store.currency,
          ...(store.pricing ? { storePricing: store.pricing } : {}),
          ...(store.parkedCartExpiryMinutes ? { parkedCartExpiryMinutes: store.parkedCartExpiryMinutes } : {}),
          ...(store.offlineRefundLimit !== undefined ? { offlineRefundLimit: store.offlineRefundLimit } : {}),
          ...(store.shiftCloseTolerance !== undefined ? { shiftCloseTolerance: store.shiftCloseTolerance } : {}),
        });
        this.#learned = true;
      } catch {
        // POS Core unreachable or refusing: the copy (if any) stays; the next reachable moment tries again.
      } finally {
        this.#current = null;
      }
    })();
    return this.#current;
  }
}
