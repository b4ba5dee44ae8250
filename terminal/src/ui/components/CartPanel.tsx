import { formatMoney } from '@pos/shared/money';
import { type CartAction, type CartState, cartTotals } from '@pos/till-core/checkout';
import type { Dispatch } from 'react';
import { useStoreCurrency } from '../use-store-currency.ts';

/** `onRemove`: how a line leaves the cart (the sell screen guards it once payment started); default: at once. */
export function CartPanel({
  cart,
  dispatch,
  onRemove = (productId) => dispatch({ type: 'remove', productId }),
}: {
  cart: CartState;
  dispatch: Dispatch<CartAction>;
  onRemove?: (productId: string, name: string) => void;
}) {
  const currency = useStoreCurrency();
  const money = (minor: number) => formatMoney(minor, currency);
  const totals = cartTotals(cart);
  return (
    <section className="cart" aria-label="Cart">
      {cart.lines.length === 0 ? (
        <p className="empty">Cart is empty — scan or tap a product.</p>
      ) : (
        <ul className="cart-lines">
          {cart.lines.map((line) => (
            <li key={line.productId} className="cart-line" data-testid="cart-line" data-product-id={line.productId}>
              <span className="cart-line-name">{line.name}</span>
              <span className="qty">
                <button
                  type="button"
                  aria-label={`One less ${line.name}`}
                  data-testid="qty-decrease"
                  onClick={() =>
                    line.quantity > 1
                      ? dispatch({ type: 'setQuantity', productId: line.productId, quantity: line.quantity - 1 })
                      : onRemove(line.productId, line.name)
                  }
                >
                  −
                </button>
                <span data-testid="cart-line-quantity">{line.quantity}</span>
                <button
                  type="button"
                  aria-label={`One more ${line.name}`}
                  data-testid="qty-increase"
                  onClick={() => dispatch({ type: 'setQuantity', productId: line.productId, quantity: line.quantity + 1 })}
                >
                  +
                </button>
              </span>
              <span className="cart-line-amount">{money(line.quantity * line.unitPrice)}</span>
              <button
                type="button"
                className="remove"
                aria-label={`Remove ${line.name}`}
                data-testid="remove-line"
                onClick={() => onRemove(line.productId, line.name)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="totals">
        <span>
          Total <strong data-testid="cart-total">{money(totals.total)}</strong>
        </span>
        <span className="tax" data-testid="cart-tax">
          incl. tax {money(totals.tax)}
        </span>
      </div>
    </section>
  );
}
