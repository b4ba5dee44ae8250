import { formatMoney } from '@pos/shared/money';
import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import type { PricingSettings } from '@pos/shared/pricing/pricing-settings';
import { amountText, type CardCheckoutState, MAX_CARD_PARTS, readSplit, type SplitPayment as Split } from '@pos/till-core/checkout';
import { useState } from 'react';
import { useStoreCurrency } from '../use-store-currency.ts';
import { PaymentActions } from './PaymentActions.tsx';
import { TestCardSelect } from './TestCardSelect.tsx';

/**
 * One sale paid by card parts (up to MAX_CARD_PARTS, each its own card on the simulated reader) and the
 * rest in cash: one order. Every card part is charged through POS Core's saga; if one is declined, the
 * whole order is declined, the card parts before it are voided and nothing is kept — the cashier pays
 * again another way (a new order). Card parts need the server: offline, a sale is paid in cash only.
 * The arithmetic is the till core's readSplit; this panel keeps the typed text.
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
  // `id`: a stable React key per part while parts are added and removed.
  const [cards, setCards] = useState([{ id: 1, amountText: '', cardToken: TEST_CARD_TOKENS.approve as string }]);
  const [cashText, setCashText] = useState('');
  const draft = readSplit({ total, pricing, cards, cashText });
  const { cashDue, rest } = draft;
  const inProgress = state.phase === 'charging' || state.phase === 'checking';
  const ready = online && draft.payment !== null && !inProgress;
  const edit = (i: number, change: Partial<(typeof cards)[number]>) => setCards(cards.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <section className="payment" aria-label="Split payment">
      <h2>Split — {money(total)}</h2>
      {!online && <p className="warning">Offline: card parts need the server. Take the whole sale in cash.</p>}
      {cards.map((card, i) => (
        <fieldset key={card.id} className="card-part" data-testid="split-card-part">
          <legend>Card part {i + 1}</legend>
          <label>
            Amount
            <input
              data-testid="split-card-amount"
              inputMode="decimal"
              autoComplete="off"
              value={card.amountText}
              placeholder={amountText(i === 0 ? total : Math.max(0, total - draft.cardPaid))}
              disabled={inProgress}
              onChange={(e) => edit(i, { amountText: e.target.value })}
            />
          </label>
          <TestCardSelect
            testId="split-card-token"
            value={card.cardToken}
            disabled={inProgress}
            onChange={(cardToken) => edit(i, { cardToken })}
          />
          {cards.length > 1 && (
            <button
              type="button"
              data-testid="remove-card-part"
              disabled={inProgress}
              onClick={() => setCards(cards.filter((_, j) => j !== i))}
            >
              Remove card part {i + 1}
            </button>
          )}
        </fieldset>
      ))}
      {cards.length < MAX_CARD_PARTS && (
        <button
          type="button"
          data-testid="add-card-part"
          disabled={inProgress}
          onClick={() =>
            setCards([...cards, { id: Math.max(...cards.map((c) => c.id)) + 1, amountText: '', cardToken: TEST_CARD_TOKENS.approve }])
          }
        >
          Add card part
        </button>
      )}
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
      {draft.problem && online && !inProgress && (
        <p className="info" data-testid="split-problem">
          {draft.problem}
        </p>
      )}
      {state.phase === 'charging' && <p className="info">Charging {cards.length > 1 ? 'the card parts' : 'the card part'}…</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <PaymentActions
        inProgress={inProgress}
        onBack={onCancel}
        confirmTestId="confirm-split"
        canConfirm={ready}
        onConfirm={() => {
          if (ready && draft.payment) onConfirm(draft.payment);
        }}
      >
        Charge {cards.length > 1 ? 'card parts' : 'card part'}
        {cashDue > 0 ? ' and take cash' : ''}
      </PaymentActions>
    </section>
  );
}
