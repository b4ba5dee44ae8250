import { formatMoney } from '@pos/shared/money';
import { type CartAction, type CartDiscount, type CartState, cartTotals, type DiscountTarget } from '@pos/till-core/checkout';
import { type Dispatch, useState } from 'react';
import { useStoreCurrency } from '../use-store-currency.ts';
import { useStorePricing } from '../use-store-pricing.ts';
import { DiscountForm } from './DiscountForm.tsx';

const discountLabel = (d: CartDiscount, money: (minor: number) => string) =>
  `${d.type === 'percent' ? `${d.value / 100} %` : money(d.value)} · ${d.reason}`;

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
  const rules = useStorePricing();
  const [editing, setEditing] = useState<DiscountTarget | null>(null);
  const money = (minor: number) => formatMoney(minor, currency);
  const totals = cartTotals(cart, rules.pricing);
  const form = (target: DiscountTarget, current: CartDiscount | undefined) => (
    <DiscountForm
      cart={cart}
      target={target}
      rules={rules}
      current={current}
      onApply={(discount) =>
        dispatch(
          target === 'order' ? { type: 'setOrderDiscount', discount } : { type: 'setLineDiscount', productId: target.line, discount },
        )
      }
      onClose={() => setEditing(null)}
    />
  );
  return (
    <section className="cart" aria-label="Cart">
      {cart.lines.length === 0 ? (
        <p className="empty">Cart is empty — scan or tap a product.</p>
      ) : (
        <ul className="cart-lines">
          {cart.lines.map((line, i) => {
            const priced = totals.lines[i];
            return (
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
                  aria-label={`Discount on ${line.name}`}
                  data-testid="line-discount"
                  onClick={() => setEditing({ line: line.productId })}
                >
                  %
                </button>
                <button
                  type="button"
                  className="remove"
                  aria-label={`Remove ${line.name}`}
                  data-testid="remove-line"
                  onClick={() => onRemove(line.productId, line.name)}
                >
                  ×
                </button>
                {line.discount && priced && (
                  <span className="cart-line-discount" data-testid="cart-line-discount">
                    −{money(priced.lineDiscount)} ({discountLabel(line.discount, money)})
                  </span>
                )}
                {editing !== null && editing !== 'order' && editing.line === line.productId && form(editing, line.discount)}
              </li>
            );
          })}
        </ul>
      )}
      {cart.lines.length > 0 && (
        <div className="order-discount">
          {cart.orderDiscount ? (
            <span data-testid="order-discount">
              Order discount −{money(totals.orderDiscount)} ({discountLabel(cart.orderDiscount, money)})
            </span>
          ) : null}
          {editing === 'order' ? (
            form('order', cart.orderDiscount)
          ) : (
            <button type="button" data-testid="order-discount-open" onClick={() => setEditing('order')}>
              {cart.orderDiscount ? 'Change order discount' : 'Order discount'}
            </button>
          )}
        </div>
      )}
      <div className="totals">
        {totals.discount > 0 && (
          <span>
            Subtotal <span data-testid="cart-subtotal">{money(totals.subtotal)}</span> · Discount{' '}
            <span data-testid="cart-discount">−{money(totals.discount)}</span>
          </span>
        )}
        <span>
          Total <strong data-testid="cart-total">{money(totals.total)}</strong>
        </span>
        <span className="tax" data-testid="cart-tax">
          {rules.pricing.pricesIncludeTax ? 'incl. tax' : 'tax added'} {money(totals.tax)}
        </span>
      </div>
    </section>
  );
}
