import { formatMoney } from '@pos/shared/money';
import type { Product } from '@pos/shared/product';
import { localAvailable } from '@pos/till-core/catalog';
import { useStoreCurrency } from '../use-store-currency.ts';

/** Product tiles; the stock shown is the till's local view (sales made here that the catalogue copy does not count yet are taken off). */
export function ProductGrid({
  products,
  uncounted,
  onAdd,
}: {
  products: Product[];
  uncounted: ReadonlyMap<string, number>;
  onAdd: (product: Product) => void;
}) {
  const currency = useStoreCurrency();
  if (products.length === 0) return <p className="empty">No products match.</p>;
  return (
    <ul className="product-grid" aria-label="Products">
      {products.map((p) => {
        const available = localAvailable(p, uncounted);
        return (
          <li key={p.id}>
            <button type="button" className="product-tile" data-testid="product-tile" data-product-id={p.id} onClick={() => onAdd(p)}>
              <span className="product-name">{p.name}</span>
              <span className="product-price">{formatMoney(p.price, currency)}</span>
              <span className={available > 0 ? 'product-stock-label' : 'product-stock-label out'}>
                Stock <span data-testid="product-stock">{available}</span>
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
