import type { Product } from '@pos/shared/product';
import { describe, expect, it } from 'vitest';
import { searchCatalogue } from './search-catalogue.ts';

const product = (id: string, name: string, barcode = '4000000000000'): Product => ({
  id,
  sku: id.toUpperCase(),
  barcode,
  name,
  category: 'bakery',
  price: 100,
  taxRateBps: 700,
  onHand: 1,
  reserved: 0,
  available: 1,
  version: 1,
});

describe('searchCatalogue', () => {
  const products = [
    product('p-croissant', 'Croissant'),
    product('p-pain', 'Pain au chocolat', '4000000000017'),
    product('p-latte', 'Iced latte'),
  ];
  it('when every word matches a field, then the product is found, by name order', () => {
    expect(searchCatalogue(products, 'choc').map((p) => p.id)).toEqual(['p-pain']);
    expect(searchCatalogue(products, 'bakery').map((p) => p.id)).toEqual(['p-croissant', 'p-latte', 'p-pain']);
    expect(searchCatalogue(products, '4000000000017').map((p) => p.id)).toEqual(['p-pain']);
    expect(searchCatalogue(products, 'iced croissant')).toEqual([]);
  });
  it('when the limit is reached, then no more are listed', () => {
    expect(searchCatalogue(products, '', 2)).toHaveLength(2);
  });
});
