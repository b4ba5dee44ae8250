/**
 * The till's catalogue as the UI reads it: a live in-memory `ProductIndex` over the Dexie `products`
 * table. Loaded whole once; after that only the products that changed are read again and merged
 * into the index, whether the change was written by this window or another (Dexie's `storagemutated`
 * event names the changed primary keys in both cases). A change that names a key range instead of
 * keys (a cleared table: reset) reloads the whole table.
 *
 * Why not `liveQuery(products.toArray())`: it re-read and re-indexed all products after every
 * catalogue delta page — and a backlog drain makes the till pull a delta after every settled batch.
 */
import type { Product } from '@pos/shared/product';
import Dexie, { type IntervalTree, type ObservabilitySet } from 'dexie';
import type { StoredProduct, TillDatabase } from '../db/till-database.ts';
import { buildProductIndex, type ProductIndex, updateProductIndex } from './search-products.ts';

const asProduct = ({ words: _words, ...product }: StoredProduct): Product => product;

export class ProductCatalog {
  readonly #db: TillDatabase;
  readonly #listeners = new Set<() => void>();
  #index: ProductIndex = buildProductIndex([]);
  #loaded = false;
  #running = false;
  /** Changed product ids not yet applied; `all` when the whole table must be read again. */
  #pending: Set<string> | 'all' = 'all';
  #applying: Promise<void> | null = null;

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
    if (this.#running) return;
    this.#running = true;
    this.#pending = 'all';
    Dexie.on.storagemutated.subscribe(this.#onMutated);
    this.#apply();
  }

  stop(): void {
    this.#running = false;
    Dexie.on.storagemutated.unsubscribe(this.#onMutated);
  }

  #onMutated = (parts: ObservabilitySet): void => {
    const changed = parts[`idb://${this.#db.name}/products/`];
    if (!changed) return;
    if (this.#pending !== 'all') {
      const keys = pointKeys(changed);
      if (keys === null) this.#pending = 'all';
      else for (const key of keys) this.#pending.add(key);
    }
    this.#apply();
  };

  /** Single-flight: changes that arrive while one is applied are applied right after it. */
  #apply(): void {
    if (this.#applying) return;
    this.#applying = (async () => {
      while (this.#running && (this.#pending === 'all' || this.#pending.size > 0)) {
        const pending = this.#pending;
        this.#pending = new Set();
        try {
          await this.#read(pending);
        } catch (error) {
          console.error('catalogue read failed', error);
          if (pending === this.#pending) this.#pending = new Set();
          return;
        }
      }
    })().finally(() => {
      this.#applying = null;
      // A stop() and start() while the loop was finishing: pick the work up again.
      if (this.#running && (this.#pending === 'all' || this.#pending.size > 0)) this.#apply();
    });
  }

  async #read(pending: Set<string> | 'all'): Promise<void> {
    if (pending === 'all') {
      const products = await this.#db.products.toArray();
      if (!this.#running) return;
      this.#index = buildProductIndex(products.map(asProduct));
    } else {
      const ids = [...pending];
      const rows = await this.#db.products.bulkGet(ids);
      if (!this.#running) return;
      const upserts = rows.filter((row) => row !== undefined).map(asProduct);
      const deleted = ids.filter((_, i) => rows[i] === undefined);
      this.#index = updateProductIndex(this.#index, upserts, deleted);
    }
    this.#loaded = true;
    for (const listener of this.#listeners) listener();
  }
}

/** The single keys of an observed range set, or null when it holds a range of keys. */
function pointKeys(tree: IntervalTree): string[] | null {
  const keys: string[] = [];
  const stack: IntervalTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('from' in node)) continue;
    if (typeof node.from !== 'string' || node.from !== node.to) return null;
    keys.push(node.from);
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return keys;
}
