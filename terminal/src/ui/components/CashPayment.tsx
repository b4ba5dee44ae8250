import { changeDue, formatMoney } from '@pos/shared/money';
import { amountText, parseAmount } from '@pos/till-core/checkout';
import { useState } from 'react';
import { useStoreCurrency } from '../use-store-currency.ts';

/**
 * Amount received and change due; confirm records the sale locally (never waits for the network).
 * `due`: what the customer pays in cash (the total rounded to the store's cash increment).
 */
export function CashPayment({
  total,
  due,
  busy,
  error,
  onConfirm,
  onCancel,
}: {
  total: number;
  due: number;
  busy: boolean;
  error: string | null;
  onConfirm: (received: number) => void;
  onCancel: () => void;
}) {
  const currency = useStoreCurrency();
  const [text, setText] = useState('');
  const received = parseAmount(text);
  const enough = received !== null && received >= due;
  const confirm = () => {
    if (enough && !busy) onConfirm(received);
  };
  return (
    <section className="payment" aria-label="Cash payment">
      <h2>
        Cash — <span data-testid="cash-due">{formatMoney(due, currency)}</span>
      </h2>
      {due !== total && (
        <p className="info" data-testid="cash-rounding">
          Total {formatMoney(total, currency)}, rounded {due > total ? 'up' : 'down'} by {formatMoney(Math.abs(due - total), currency)} for
          cash
        </p>
      )}
      <label>
        Amount received
        <input
          data-testid="cash-received"
          inputMode="decimal"
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the cashier types the amount right after choosing cash.
          autoFocus
          value={text}
          placeholder={amountText(due)}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') confirm();
            if (e.key === 'Escape') onCancel();
          }}
        />
      </label>
      <div className="row">
        <button type="button" onClick={() => setText(amountText(due))}>
          Exact
        </button>
        <span>
          Change due <strong data-testid="change-due">{formatMoney(received === null ? 0 : changeDue(due, received), currency)}</strong>
        </span>
      </div>
      {error && <p className="error">{error}</p>}
      <div className="row">
        <button type="button" onClick={onCancel}>
          Back
        </button>
        <button type="button" className="primary" data-testid="confirm-cash" disabled={!enough || busy} onClick={confirm}>
          Confirm cash sale
        </button>
      </div>
    </section>
  );
}
