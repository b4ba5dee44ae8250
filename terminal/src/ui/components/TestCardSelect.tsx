import { TEST_CARD_TOKENS } from '@pos/shared/payment';
import { TEST_CARD_LABELS } from '../cashier-text.ts';

/** The simulated card reader: a choice of the test cards (DESIGN §4), each by what it does. */
export function TestCardSelect({
  testId,
  value,
  disabled,
  onChange,
}: {
  testId: string;
  value: string;
  disabled: boolean;
  onChange: (cardToken: string) => void;
}) {
  return (
    <label>
      Card (simulated reader)
      <select data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value)}>
        {Object.entries(TEST_CARD_TOKENS).map(([name, token]) => (
          <option key={token} value={token}>
            {TEST_CARD_LABELS[name as keyof typeof TEST_CARD_LABELS]}
          </option>
        ))}
      </select>
    </label>
  );
}
