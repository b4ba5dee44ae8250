import { describe, expect, it } from 'vitest';
import { saleItemsText } from './sale-items-text.ts';

describe('saleItemsText', () => {
  it('when a sale has several units of a line, then each line says its quantity', () => {
    const lines = [
      { productId: 'p-espresso', quantity: 2, unitPrice: 250, taxRateBps: 1900 },
      { productId: 'p-croissant', quantity: 1, unitPrice: 180, taxRateBps: 700 },
    ];
    const text = saleItemsText({ order: { lines } as never, lineNames: ['Espresso', 'Butter Croissant'] });
    expect(text).toBe('2 × Espresso, 1 × Butter Croissant');
  });
});
