import { formatMoney } from '@pos/shared/money';
import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import type { PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { amountText, type CardCheckoutState, parseAmount, type SplitPayment as Split, tendersFor } from '@pos/till-core/checkout';
import { useState } from 'react';
import { TEST_CARD_LABELS } from '../cashier-text.ts';
import { useStoreCurrency } from '../use-store-currency.ts';

/**
 * One sale paid by a card part and the rest in cash (one order: the card part is charged through POS
 * Core's saga; declined, the whole order is declined and nothing is kept — the cashier takes the rest
 * another way). Card parts need the server: offline, a sale is paid in cash only.
 */
export function SplitPayment({
  total,
  pricing,
  online,
  state,
  error,
  onConfirm,
  onCancel,
}: {
  total: number;
  pricing: PricingSettings;
  online: boolean;
  state: CardCheckoutState;
  error: string | null;
  onConfirm: (split: Split) => void;
  onCancel: () => void;
}) {
  const currency = useStoreCurrency();
  const money = (minor: number) => formatMoney(minor, currency);
  const [cardText, setCardText] = useState('');
  const [token, setToken] = useState<string>(TEST_CARD_TOKENS.approve);
  const [cashText, setCashText] = useState('');
  const cardAmount = parseAmount(cardText);
  const validCard = cardAmount !== null && cardAmount > 0 && cardAmount <= total;
  const rest = validCard ? total - cardAmount : total;
  const cards = validCard ? [{ amount: cardAmount, cardToken: token }] : [];
  const cashDue = tendersFor({ type: 'split', cards, cashReceived: 0 }, total, pricing).tenders.find((t) => t.type === 'cash')?.amount ?? 0;
  const received = cashDue === 0 ? 0 : parseAmount(cashText);
  const inProgress = state.phase === 'charging' || state.phase === 'checking';
  const ready = online && validCard && received !== null && received >= cashDue && !inProgress;
  return (
    <section className="payment" aria-label="Split payment">
      <h2>Split — {money(total)}</h2>
      {!online && <p className="warning">Offline: card parts need the server. Take the whole sale in cash.</p>}
      <label>
        Card part
        <input
          data-testid="split-card-amount"
          inputMode="decimal"
          autoComplete="off"
          value={cardText}
          placeholder={amountText(total)}
          onChange={(e) => setCardText(e.target.value)}
        />
      </label>
      <label>
        Card (simulated reader)
        <select data-testid="split-card-token" value={token} disabled={inProgress} onChange={(e) => setToken(e.target.value)}>
          {Object.entries(TEST_CARD_TOKENS).map(([name, value]) => (
            <option key={value} value={value}>
              {TEST_CARD_LABELS[name as keyof typeof TEST_CARD_LABELS]}
            </option>
          ))}
        </select>
      </label>
      <p>
        Rest in cash <strong data-testid="split-cash-due">{money(cashDue)}</strong>
        {cashDue !== rest && <span data-testid="split-cash-rounding"> (rounded from {money(rest)})</span>}
      </p>
      {cashDue > 0 && (
        <label>
          Cash received
          <input
            data-testid="split-cash-received"
            inputMode="decimal"
            autoComplete="off"
            value={cashText}
            placeholder={amountText(cashDue)}
            onChange={(e) => setCashText(e.target.value)}
          />
        </label>
      )}
      {state.phase === 'charging' && <p className="info">Charging card part…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={onCancel} disabled={inProgress}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          data-testid="confirm-split"
          disabled={!ready}
          onClick={() => {
            if (ready) onConfirm({ type: 'split', cards, cashReceived: received ?? 0 });
          }}
        >
          Charge card part{cashDue > 0 ? ' and take cash' : ''}
        </button>
      </div>
    </section>
  );
}
