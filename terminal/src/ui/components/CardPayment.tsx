import { formatMoney } from '@pos/shared/money';
import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import { useState } from 'react';
import type { CardCheckoutState } from '../../checkout/card-checkout.ts';
import { TILL_CURRENCY } from '../../checkout/sale-context.ts';

/** The simulated card reader: a choice of the processor's test tokens (card numbers never enter the till). */
export function CardPayment({
  total,
  online,
  state,
  error,
  onConfirm,
  onRetryNow,
  onCancel,
}: {
  total: number;
  online: boolean;
  state: CardCheckoutState;
  error: string | null;
  onConfirm: (cardToken: string) => void;
  onRetryNow: () => void;
  onCancel: () => void;
}) {
  const [token, setToken] = useState<string>(TEST_CARD_TOKENS.approve);
  const inProgress = state.phase === 'charging' || state.phase === 'checking';
  return (
    <section className="payment" aria-label="Card payment">
      <h2>Card — {formatMoney(total, TILL_CURRENCY)}</h2>
      <label>
        Card (simulated reader)
        <select data-testid="card-token" value={token} disabled={inProgress} onChange={(e) => setToken(e.target.value)}>
          {Object.entries(TEST_CARD_TOKENS).map(([name, value]) => (
            <option key={value} value={value}>
              {value} ({name})
            </option>
          ))}
        </select>
      </label>
      {!online && <p className="warning">Card payments need the server: it is unreachable. Take cash or wait.</p>}
      {state.phase === 'charging' && <p className="info">Charging card…</p>}
      {state.phase === 'checking' && (
        <p className="warning" data-testid="card-checking">
          Checking payment… (the outcome is unknown; asking again with the same order) — {state.lastError}{' '}
          <button type="button" onClick={onRetryNow}>
            Retry now
          </button>
        </p>
      )}
      {error && <p className="error">{error}</p>}
      <div className="row">
        <button type="button" onClick={onCancel} disabled={inProgress}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          data-testid="confirm-card"
          disabled={!online || inProgress}
          onClick={() => onConfirm(token)}
        >
          Charge card
        </button>
      </div>
    </section>
  );
}
