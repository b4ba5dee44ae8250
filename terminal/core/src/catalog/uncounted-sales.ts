/**
 * Units of each product this till sold that its catalogue copy does not count yet — so a product tile
 * shows the till's local view: the server's stock minus these.
 *
 * A sale is uncounted while the server does not have it (queued, sending), and after that until a
 * catalogue refresh that began after the till learned the server's answer has completed: the server
 * had moved (or held) the stock before it answered, so such a refresh reads the stock with the sale in
 * it. (A sale that left 'sending' without moving stock — declined, refused — is dropped at the same
 * refresh.) With Inventory unreachable no refresh completes, so the till's own sales stay subtracted.
 *
 * The unsent sales are re-read with the same coalescing as the sale counts (watch-sales.ts): a long
 * backlog drain is not slowed by a read per written batch.
 */
import type { Product } from '@pos/shared/product';
import type { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { salesById, unsentSales } from '../outbox/read-sales.ts';
import { watchSales } from '../outbox/watch-sales.ts';
import type { CatalogSync } from '../sync/catalog-sync.ts';

type Lines = readonly { productId: string; quantity: number }[];

export class UncountedSales {
  readonly #db: TillDatabase;
  readonly #catalogSync: CatalogSync;
  readonly #listeners = new Set<() => void>();
  /** Sales the server does not have, as of the last read. */
  #unsent = new Map<string, Lines>();
  /** Sales that left 'queued'/'sending', with when that was written (ms): counted once a refresh began after that. */
  #answered = new Map<string, { lines: Lines; at: number }>();
  #units: ReadonlyMap<string, number> = new Map();
  #stop: (() => void) | null = null;

  constructor(options: { db: TillDatabase; catalogSync: CatalogSync }) {
    this.#db = options.db;
    this.#catalogSync = options.catalogSync;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Product id → units sold here that the catalogue copy does not count yet (absent: none). */
  getSnapshot = (): ReadonlyMap<string, number> => this.#units;

  start(): void {
    if (this.#stop) return;
    const stopWatching = watchSales(
      this.#db,
      () => this.#read([...this.#unsent.keys()]),
      (read) => this.#onRead(read),
    );
    const unsubscribe = this.#catalogSync.subscribe(() => this.#onCatalogRefreshed());
    this.#stop = () => {
      stopWatching();
      unsubscribe();
    };
  }

  stop(): void {
    this.#stop?.();
    this.#stop = null;
  }

  /** The unsent sales now, and when each of `wereUnsent` that is no longer unsent changed last (its answer was written). */
  async #read(wereUnsent: string[]): Promise<{ unsent: Map<string, Lines>; answeredAt: Map<string, number> }> {
    const rows = await unsentSales(this.#db);
    const unsent = new Map(
      rows.filter(isSale).map((row) => [row.id, row.order.lines.map(({ productId, quantity }) => ({ productId, quantity }))]),
    );
    const left = wereUnsent.filter((id) => !unsent.has(id));
    const leftRows = await salesById(this.#db, left);
    const answeredAt = new Map(left.map((id, i) => [id, Date.parse(leftRows[i]?.updatedAt ?? new Date().toISOString())]));
    return { unsent, answeredAt };
  }

  #onRead({ unsent, answeredAt }: { unsent: Map<string, Lines>; answeredAt: Map<string, number> }): void {
    for (const [id, at] of answeredAt) {
      const lines = this.#unsent.get(id);
      if (lines) this.#answered.set(id, { lines, at });
    }
    this.#unsent = unsent;
    this.#dropCounted();
    this.#publish();
  }

  #onCatalogRefreshed(): void {
    if (this.#dropCounted()) this.#publish();
  }

  /** Forgets the answered sales the last completed catalogue refresh counts; true when any. */
  #dropCounted(): boolean {
    const from = this.#catalogSync.getSnapshot().refreshedFrom;
    if (from === null) return false;
    let dropped = false;
    for (const [id, { at }] of this.#answered) {
      if (from >= at) {
        this.#answered.delete(id);
        dropped = true;
      }
    }
    return dropped;
  }

  #publish(): void {
    const units = new Map<string, number>();
    const add = (lines: Lines) => {
      for (const { productId, quantity } of lines) units.set(productId, (units.get(productId) ?? 0) + quantity);
    };
    for (const lines of this.#unsent.values()) add(lines);
    for (const { lines } of this.#answered.values()) add(lines);
    this.#units = units;
    for (const listener of this.#listeners) listener();
  }
}

/** A product's stock as this till sees it: the catalogue copy's available units minus the ones sold here it does not count yet. */
export const localAvailable = (product: Pick<Product, 'id' | 'available'>, uncounted: ReadonlyMap<string, number>): number =>
  product.available - (uncounted.get(product.id) ?? 0);
