import { type CartDiscount, type CartState, type DiscountTarget, readDiscountInput } from '@pos/till-core/checkout';
import { useState } from 'react';
import { useGuardedAction } from '../staff/use-guarded-action.tsx';
import type { StorePricing } from '../use-store-pricing.ts';

const REASONS = ['Damaged item', 'Loyalty', 'Staff', 'Price match', 'Promotion'];

/** The cashier's discount on one line or on the order: percent or amount, and a reason. */
export function DiscountForm({
  cart,
  target,
  rules,
  current,
  onApply,
  onClose,
}: {
  cart: CartState;
  target: DiscountTarget;
  rules: StorePricing;
  current: CartDiscount | undefined;
  onApply: (discount: CartDiscount | null) => void;
  onClose: () => void;
}) {
  const [type, setType] = useState<CartDiscount['type']>(current?.type ?? 'percent');
  const [text, setText] = useState(current ? String(current.value / 100) : '');
  const [reason, setReason] = useState(current?.reason ?? REASONS[0] ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const { guard, dialog } = useGuardedAction();
  const what = target === 'order' ? 'order' : 'line';
  const apply = () => {
    const result = readDiscountInput(cart, target, { type, text, reason }, rules);
    if (!result.ok) {
      setProblem(result.problem);
      return;
    }
    // Above the signed-in member's role cap (staff-policy.ts) it needs an approver's override; the store's cap stays a hard limit.
    void guard({ action: 'discount', discountBps: result.givenBps }, { detail: `${what} discount: ${result.discount.reason}` }, () => {
      onApply(result.discount);
      onClose();
    });
  };
  return (
    <>
      {dialog}
      <form
        className="discount-form"
        data-testid={`discount-form-${what}`}
        onSubmit={(e) => {
          e.preventDefault();
          apply();
        }}
      >
        <select
          data-testid="discount-type"
          aria-label="Discount type"
          value={type}
          onChange={(e) => setType(e.target.value as CartDiscount['type'])}
        >
          <option value="percent">%</option>
          <option value="amount">Amount</option>
        </select>
        <input
          data-testid="discount-value"
          aria-label="Discount"
          inputMode="decimal"
          autoComplete="off"
          // biome-ignore lint/a11y/noAutofocus: the cashier types the discount right after opening the form.
          autoFocus
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <input
          data-testid="discount-reason"
          aria-label="Reason"
          list="discount-reasons"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
        <datalist id="discount-reasons">
          {REASONS.map((r) => (
            <option key={r} value={r} />
          ))}
        </datalist>
        <button type="submit" className="primary" data-testid="discount-apply">
          Apply
        </button>
        {current && (
          <button
            type="button"
            data-testid="discount-remove"
            onClick={() => {
              onApply(null);
              onClose();
            }}
          >
            Remove
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        {problem && (
          <p className="error" role="alert" data-testid="discount-problem">
            {problem}
          </p>
        )}
      </form>
    </>
  );
}
