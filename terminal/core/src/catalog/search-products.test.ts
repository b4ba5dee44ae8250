import type { Product } from '@pos/shared/product';
import { describe, expect, it } from 'vitest';
import { buildProductIndex, findByBarcode, searchProducts, updateProductIndex } from './search-products.ts';

const WORDS = ['organic', 'whole', 'milk', 'dark', 'chocolate', 'green', 'tea', 'sparkling', 'water', 'rye', 'bread', 'apple', 'juice'];

function catalogue(size: number): Product[] {
  return Array.from({ length: size }, (_, i) => ({
    id: `p-${i}`,
    sku: `SKU-${String(i).padStart(5, '0')}`,
    barcode: String(4_000_000_000_000 + i),
    name: `${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} ${i}`,
    category: 'grocery',
    price: 100 + (i % 900),
    taxRateBps: 1000,
    onHand: 10,
    reserved: 0,
    available: 10,
    version: i + 1,
  }));
}

describe('searchProducts', () => {
  const products = catalogue(10_000);
  const index = buildProductIndex(products);

  it('when searching by word prefixes, SKU or exact barcode, then the matching products are found', () => {
    expect(searchProducts(index, 'Dark Choc', 5).every((p) => /dark/i.test(p.name) && /chocolate/i.test(p.name))).toBe(true);
    expect(searchProducts(index, 'sku-00042', 5)[0]?.id).toBe('p-42');
    expect(searchProducts(index, '4000000000123', 5)[0]?.id).toBe('p-123');
    expect(findByBarcode(index, '4000000009999')?.id).toBe('p-9999');
    expect(searchProducts(index, 'zzz-nothing')).toEqual([]);
  });

  it('when the query is empty, then the catalogue is listed alphabetically up to the limit', () => {
    const listed = searchProducts(index, '', 10);
    expect(listed).toHaveLength(10);
    expect(listed.map((p) => p.name)).toEqual([...listed.map((p) => p.name)].sort((a, b) => a.localeCompare(b)));
  });

  it('with 10,000 products, then a keystroke search stays well under 50 ms', () => {
    for (const q of ['o', 'org', 'organic m', 'tea', 'SKU-09', '4000000005555', 'nomatch']) {
      const started = performance.now();
      searchProducts(index, q, 60);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });

  it('when the index is updated with changed, new and deleted products, then it answers exactly like one built from the resulting catalogue', () => {
    const renamed = products
      .slice(0, 300)
      .map((p, i) => ({ ...p, name: `${WORDS[(i * 5) % WORDS.length]} renamed ${i}`, version: p.version + 1 }));
    const added = catalogue(10_200).slice(10_000);
    const deleted = products.slice(5_000, 5_100).map((p) => p.id);
    const updated = updateProductIndex(index, [...renamed, ...added], deleted);
    const changed = new Map([...renamed, ...added].map((p) => [p.id, p]));
    const rebuilt = buildProductIndex([...products.filter((p) => !deleted.includes(p.id)).map((p) => changed.get(p.id) ?? p), ...added]);
    expect(updated.entries.map((p) => p.id)).toEqual(rebuilt.entries.map((p) => p.id));
    for (const q of ['', 'o', 'renamed', 'dark ch', 'sku-05', 'sku-100', '4000000005050', 'p-10150', 'tea 1']) {
      expect(
        searchProducts(updated, q, 100).map((p) => p.id),
        q,
      ).toEqual(searchProducts(rebuilt, q, 100).map((p) => p.id));
    }
    expect(searchProducts(updated, 'renamed', 1000)).toHaveLength(300);
  });
});
