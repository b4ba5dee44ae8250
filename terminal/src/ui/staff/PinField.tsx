import { useState } from 'react';

/** A 4–6 digit PIN, masked; Enter or the button submits it. Cleared after each try. */
export function PinField({
  busy,
  onSubmit,
  label,
  testId,
}: {
  busy: boolean;
  onSubmit: (pin: string) => void;
  label: string;
  testId: string;
}) {
  const [pin, setPin] = useState('');
  const submit = () => {
    if (!/^\d{4,6}$/.test(pin)) return;
    onSubmit(pin);
    setPin('');
  };
  return (
    <div className="row">
      <input
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={6}
        aria-label={label}
        data-testid={`${testId}-pin`}
        value={pin}
        disabled={busy}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
        onKeyDown={(e) => {
          if (e.key === 'Enter') submit();
        }}
      />
      <button type="button" className="primary" data-testid={`${testId}-submit`} disabled={busy || !/^\d{4,6}$/.test(pin)} onClick={submit}>
        {label}
      </button>
    </div>
  );
}
