/** The console's product search: every word typed must appear in the product's name, id, SKU, barcode or category. */
import type { Product } from '@pos/shared/product';

export function searchCatalogue(products: readonly Product[], text: string, limit = 50): Product[] {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = products.filter((p) => {
    const haystack = `${p.name} ${p.id} ${p.sku} ${p.barcode} ${p.category}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
  return matches.sort((a, b) => a.name.localeCompare(b.name)).slice(0, limit);
}
