import { formatMoney } from '@pos/shared/money';
import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import type { CardCheckoutState } from '@pos/till-core/checkout';
import { useState } from 'react';
import { type CashierMessage, failureSentence } from '../cashier-text.ts';
import { useStoreCurrency } from '../use-store-currency.ts';
import { Diagnostic } from './Diagnostic.tsx';
import { PaymentActions } from './PaymentActions.tsx';
import { TestCardSelect } from './TestCardSelect.tsx';

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
  error: CashierMessage | null;
  onConfirm: (cardToken: string) => void;
  onRetryNow: () => void;
  onCancel: () => void;
}) {
  const currency = useStoreCurrency();
  const [token, setToken] = useState<string>(TEST_CARD_TOKENS.approve);
  const inProgress = state.phase === 'charging' || state.phase === 'checking';
  return (
    <section className="payment" aria-label="Card payment">
      <h2>Card — {formatMoney(total, currency)}</h2>
      <TestCardSelect testId="card-token" value={token} disabled={inProgress} onChange={setToken} />
      {!online && <p className="warning">Card payments need the server: it is unreachable. Take cash or wait.</p>}
      {state.phase === 'charging' && <p className="info">Charging card…</p>}
      {state.phase === 'checking' && (
        <div className="warning" data-testid="card-checking" data-not-recorded={String(state.notRecorded)}>
          <p>
            <strong>Checking payment…</strong>{' '}
            {state.notRecorded
              ? 'The card was not charged: the payment could not be started.'
              : 'The outcome is not known yet; asking the server again with the same order.'}
          </p>
          <p data-testid="card-checking-reason">{failureSentence(state.failure, 'card')}</p>
          <Diagnostic text={state.lastError} testId="card-checking-diagnostic" />
          <p>The till keeps retrying this same payment (it can never be charged twice).</p>
          <button type="button" className="primary" data-testid="card-retry-now" onClick={onRetryNow}>
            Retry now
          </button>
        </div>
      )}
      {error && (
        <div className="error" role="alert">
          <p>{error.sentence}</p>
          <Diagnostic text={error.diagnostic} testId="card-error-diagnostic" />
        </div>
      )}
      <PaymentActions
        inProgress={inProgress}
        onBack={onCancel}
        confirmTestId="confirm-card"
        canConfirm={online && !inProgress}
        onConfirm={() => onConfirm(token)}
      >
        Charge card
      </PaymentActions>
    </section>
  );
}
