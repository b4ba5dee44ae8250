/**
 * The till's catalogue as the UI reads it: a live in-memory `ProductIndex` over the Dexie `products`
 * table, rebuilt whenever the table changes (in this window or another: Dexie's liveQuery observes both).
 */
import { liveQuery, type Subscription } from 'dexie';
import type { TillDatabase } from '../db/till-database.ts';
import { buildProductIndex, type ProductIndex } from './search-products.ts';

export class ProductCatalog {
  readonly #db: TillDatabase;
  readonly #listeners = new Set<() => void>();
  #index: ProductIndex = buildProductIndex([]);
  #loaded = false;
  #subscription: Subscription | null = null;

  constructor(db: TillDatabase) {
    this.#db = db;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  getSnapshot = (): ProductIndex => this.#index;

  get loaded(): boolean {
    return this.#loaded;
  }

  start(): void {
    if (this.#subscription) return;
    this.#subscription = liveQuery(() => this.#db.products.toArray()).subscribe({
      next: (products) => {
        this.#index = buildProductIndex(products.map(({ words: _words, ...product }) => product));
        this.#loaded = true;
        for (const listener of this.#listeners) listener();
      },
      error: (error) => console.error('catalogue read failed', error),
    });
  }

  stop(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }
}
