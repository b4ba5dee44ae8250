import { useState } from 'react';
import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';
import { PinField } from './PinField.tsx';
import { refusedPinText } from './pin-outcome-text.ts';
import { StaffPicker } from './StaffPicker.tsx';

/** Who works the till: choose your name, enter your PIN (checked on the till, offline too). */
export function SignInScreen() {
  const till = useTill();
  const { staff } = useStore(till.staff);
  const [chosen, setChosen] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const member = staff.find((s) => s.id === chosen) ?? null;

  const signIn = async (pin: string) => {
    if (!member) return;
    setBusy(true);
    try {
      const outcome = await till.staff.signIn(member.id, pin);
      setMessage(outcome.kind === 'signed_in' ? null : refusedPinText(outcome, member.name));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="sign-in" aria-label="Sign in">
      <h2>Sign in</h2>
      <StaffPicker
        staff={staff}
        chosen={chosen}
        testId="sign-in-staff"
        onChoose={(id) => {
          setChosen(id);
          setMessage(null);
        }}
      />
      {member && (
        <>
          <p>
            PIN for <strong>{member.name}</strong>
          </p>
          <PinField busy={busy} label="Sign in" testId="sign-in" onSubmit={(pin) => void signIn(pin)} />
        </>
      )}
      {message && (
        <p className="error" role="alert" data-testid="sign-in-message">
          {message}
        </p>
      )}
    </section>
  );
}
