import { formatMoney } from '@pos/shared/money';
import type { Product } from '@pos/shared/product';
import { TILL_CURRENCY } from '../../checkout/sale-context.ts';

export function ProductGrid({ products, onAdd }: { products: Product[]; onAdd: (product: Product) => void }) {
  if (products.length === 0) return <p className="empty">No products match.</p>;
  return (
    <ul className="product-grid" aria-label="Products">
      {products.map((p) => (
        <li key={p.id}>
          <button type="button" className="product-tile" data-testid="product-tile" data-product-id={p.id} onClick={() => onAdd(p)}>
            <span className="product-name">{p.name}</span>
            <span className="product-price">{formatMoney(p.price, TILL_CURRENCY)}</span>
            <span className={p.available > 0 ? 'product-stock-label' : 'product-stock-label out'}>
              Stock <span data-testid="product-stock">{p.available}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
