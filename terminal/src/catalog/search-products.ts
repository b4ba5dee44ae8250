/**
 * Product search over the till's LOCAL catalogue only (G5: it works with every service down).
 *
 * Performance choice: an in-memory index built once from the Dexie `products` table (rebuilt when the
 * table changes) rather than IndexedDB queries per keystroke. With 10,000 products a linear scan of
 * pre-lower-cased words is well under a millisecond to a few ms per query, with no IndexedDB round
 * trip and no transaction per keystroke; exact barcode, SKU and id hits are hash-map lookups. The
 * Dexie indexes (barcode, sku, *words) remain for point lookups outside the UI.
 */
import type { Product } from '@pos/shared/product';
import { nameWords } from './name-words.ts';

interface IndexEntry {
  product: Product;
  words: string[];
  sku: string;
}

export interface ProductIndex {
  /** Sorted by name, so a scan that stops at `limit` returns the first matches alphabetically. */
  readonly entries: readonly IndexEntry[];
  readonly byBarcode: ReadonlyMap<string, Product>;
  readonly byId: ReadonlyMap<string, Product>;
  readonly bySku: ReadonlyMap<string, Product>;
}

export function buildProductIndex(products: readonly Product[]): ProductIndex {
  const entries = products
    .map((product) => ({ product, words: nameWords(product.name), sku: product.sku.toLocaleLowerCase() }))
    .sort((a, b) => a.product.name.localeCompare(b.product.name) || a.product.id.localeCompare(b.product.id));
  return {
    entries,
    byBarcode: new Map(products.filter((p) => p.barcode).map((p) => [p.barcode, p])),
    byId: new Map(products.map((p) => [p.id, p])),
    bySku: new Map(products.map((p) => [p.sku.toLocaleLowerCase(), p])),
  };
}

/**
 * Products matching `query`: an exact barcode, id or SKU first; then every product whose name has,
 * for each word of the query, a word starting with it; or whose SKU starts with the query.
 * An empty query lists the catalogue alphabetically. At most `limit` results.
 */
export function searchProducts(index: ProductIndex, query: string, limit = 60): Product[] {
  const text = query.trim().toLocaleLowerCase();
  if (text === '') return index.entries.slice(0, limit).map((e) => e.product);
  const results: Product[] = [];
  const seen = new Set<string>();
  for (const exact of [index.byBarcode.get(query.trim()), index.byId.get(query.trim()), index.bySku.get(text)]) {
    if (exact && !seen.has(exact.id)) {
      results.push(exact);
      seen.add(exact.id);
    }
  }
  const tokens = nameWords(text);
  for (const entry of index.entries) {
    if (results.length >= limit) break;
    if (seen.has(entry.product.id)) continue;
    const byName = tokens.length > 0 && tokens.every((t) => entry.words.some((w) => w.startsWith(t)));
    if (byName || entry.sku.startsWith(text)) {
      results.push(entry.product);
      seen.add(entry.product.id);
    }
  }
  return results.slice(0, limit);
}

export const findByBarcode = (index: ProductIndex, barcode: string): Product | undefined => index.byBarcode.get(barcode.trim());
