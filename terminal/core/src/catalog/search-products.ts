/**
 * Product search over the till's LOCAL catalogue only (G5: it works with every service down).
 *
 * Performance choice: an in-memory index built once from the Dexie `products` table (rebuilt when the
 * table changes) rather than IndexedDB queries per keystroke, shaped so that a query touches only the
 * entries that match it, not the whole catalogue (target: p99 ≤ 16 ms over 50,000 products):
 *   - name words: the distinct words sorted, each with the ascending list of products (by name rank)
 *     that have it; a query word is a prefix, so its matches are ONE contiguous run of sorted words,
 *     found by binary search;
 *   - SKUs: sorted (lower-cased) with their products, so a SKU prefix is also one run;
 *   - exact barcode, id and SKU: hash maps.
 * A query marks the ranks it touches in a scratch array kept with the index (zeroed again before it
 * returns, so no per-query allocation of catalogue size), then sorts only the matching ranks.
 */
import type { Product } from '@pos/shared/product';
import { nameWords } from './name-words.ts';

export interface ProductIndex {
  /** Sorted by name (then id): the rank of a product is its position here. */
  readonly entries: readonly Product[];
  readonly byBarcode: ReadonlyMap<string, Product>;
  readonly byId: ReadonlyMap<string, Product>;
  readonly bySku: ReadonlyMap<string, Product>;
  /** Every distinct name word, sorted (code-unit order, the order `startsWith` runs follow). */
  readonly words: readonly string[];
  /** The ranks having `words[i]` are `wordRanks[wordStart[i] … wordStart[i + 1])`, ascending. */
  readonly wordStart: Int32Array;
  readonly wordRanks: Int32Array;
  /** Lower-cased SKUs sorted, with the rank of each one's product. */
  readonly skus: readonly string[];
  readonly skuRanks: Int32Array;
  /** Per-rank scratch for one query at a time (JS is single-threaded; all zero between queries). */
  readonly scratch: Int32Array;
}

const collator = new Intl.Collator();
const byName = (a: Product, b: Product): number => collator.compare(a.name, b.name) || a.id.localeCompare(b.id);
const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Name words per product object, so an update re-splits only the products it brings. */
const wordsCache = new WeakMap<Product, readonly string[]>();
function wordsOf(product: Product): readonly string[] {
  let words = wordsCache.get(product);
  if (!words) {
    words = nameWords(product.name);
    wordsCache.set(product, words);
  }
  return words;
}

export function buildProductIndex(products: readonly Product[]): ProductIndex {
  return indexSorted([...products].sort(byName), products);
}

/**
 * The index after a catalogue change (a delta page, here or in another window): `upserts` replace or
 * add products, `deletedIds` leave. The unchanged products keep their order — the changed ones are
 * merged in — so the catalogue is not re-sorted.
 */
export function updateProductIndex(index: ProductIndex, upserts: readonly Product[], deletedIds: readonly string[]): ProductIndex {
  if (upserts.length === 0 && deletedIds.length === 0) return index;
  const gone = new Set([...deletedIds, ...upserts.map((p) => p.id)]);
  const kept = index.entries.filter((p) => !gone.has(p.id));
  const added = [...upserts].sort(byName);
  const entries: Product[] = [];
  let k = 0;
  for (const product of added) {
    // Binary search for where it goes among the kept ones (log n comparisons, not n).
    let lo = k;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (byName(kept[mid]!, product) < 0) lo = mid + 1;
      else hi = mid;
    }
    for (; k < lo; k++) entries.push(kept[k]!);
    entries.push(product);
  }
  for (; k < kept.length; k++) entries.push(kept[k]!);
  return indexSorted(entries, entries);
}

/** The index over `entries`, already sorted by name; the exact-match maps are filled in `mapOrder` (a later duplicate wins). */
function indexSorted(entries: Product[], mapOrder: readonly Product[]): ProductIndex {
  const ranksByWord = new Map<string, number[]>();
  entries.forEach((product, rank) => {
    for (const word of wordsOf(product)) {
      const ranks = ranksByWord.get(word);
      if (ranks) ranks.push(rank);
      else ranksByWord.set(word, [rank]);
    }
  });
  // The default sort compares strings by UTF-16 code units: the order `startsWith` runs follow.
  const words = [...ranksByWord.keys()].sort();
  const wordStart = new Int32Array(words.length + 1);
  let total = 0;
  words.forEach((word, i) => {
    wordStart[i] = total;
    total += ranksByWord.get(word)!.length;
  });
  wordStart[words.length] = total;
  const wordRanks = new Int32Array(total);
  for (const [i, word] of words.entries()) wordRanks.set(ranksByWord.get(word)!, wordStart[i]!);

  const skuOrder = entries
    .map((product, rank) => ({ sku: product.sku.toLocaleLowerCase(), rank }))
    .sort((a, b) => byCodeUnits(a.sku, b.sku));

  return {
    entries,
    byBarcode: new Map(mapOrder.filter((p) => p.barcode).map((p) => [p.barcode, p])),
    byId: new Map(mapOrder.map((p) => [p.id, p])),
    bySku: new Map(mapOrder.map((p) => [p.sku.toLocaleLowerCase(), p])),
    words,
    wordStart,
    wordRanks,
    skus: skuOrder.map((s) => s.sku),
    skuRanks: Int32Array.from(skuOrder, (s) => s.rank),
    scratch: new Int32Array(entries.length),
  };
}

/** The run of `sorted` starting with `prefix`: [from, to). */
function prefixRun(sorted: readonly string[], prefix: string): [number, number] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  let to = lo;
  while (to < sorted.length && sorted[to]!.startsWith(prefix)) to += 1;
  return [lo, to];
}

/**
 * Products matching `query`: an exact barcode, id or SKU first; then every product whose name has,
 * for each word of the query, a word starting with it; or whose SKU starts with the query.
 * An empty query lists the catalogue alphabetically. At most `limit` results.
 */
export function searchProducts(index: ProductIndex, query: string, limit = 60): Product[] {
  const text = query.trim().toLocaleLowerCase();
  if (text === '') return index.entries.slice(0, limit);
  const results: Product[] = [];
  const seen = new Set<string>();
  for (const exact of [index.byBarcode.get(query.trim()), index.byId.get(query.trim()), index.bySku.get(text)]) {
    if (exact && !seen.has(exact.id)) {
      results.push(exact);
      seen.add(exact.id);
    }
  }

  // scratch[rank] counts the query words the product's name matched so far (once per query word, even
  // when several of its words start with it); MATCH marks a full match, by name or by SKU prefix.
  const tokens = nameWords(text);
  const MATCH = tokens.length > 0 ? tokens.length : -1;
  const { scratch } = index;
  const touched: number[] = [];
  // Each query word's postings, fewest first: the first one bounds every later one's work.
  const postings = tokens
    .map((token) => prefixRun(index.words, token))
    .map(([from, to]) => [index.wordStart[from]!, index.wordStart[to]!] as const)
    .sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
  try {
    for (const [i, [from, to]] of postings.entries()) {
      if (from === to) break;
      for (let k = from; k < to; k++) {
        const rank = index.wordRanks[k]!;
        if (scratch[rank] !== i) continue;
        if (i === 0) touched.push(rank);
        scratch[rank] = i + 1;
      }
    }
    const [skuFrom, skuTo] = prefixRun(index.skus, text);
    for (let s = skuFrom; s < skuTo; s++) {
      const rank = index.skuRanks[s]!;
      if (scratch[rank] === 0) touched.push(rank);
      scratch[rank] = MATCH;
    }
    const take = (rank: number) => {
      const product = index.entries[rank]!;
      if (seen.has(product.id)) return;
      results.push(product);
      seen.add(product.id);
    };
    if (touched.length * 8 > scratch.length) {
      // A large share of the catalogue was touched: reading the scratch in rank order beats sorting.
      for (let rank = 0; rank < scratch.length && results.length < limit; rank++) if (scratch[rank] === MATCH) take(rank);
    } else {
      const matches = Int32Array.from(touched.filter((rank) => scratch[rank] === MATCH)).sort();
      for (let m = 0; m < matches.length && results.length < limit; m++) take(matches[m]!);
    }
  } finally {
    for (const rank of touched) scratch[rank] = 0;
  }
  return results.slice(0, limit);
}

export const findByBarcode = (index: ProductIndex, barcode: string): Product | undefined => index.byBarcode.get(barcode.trim());
