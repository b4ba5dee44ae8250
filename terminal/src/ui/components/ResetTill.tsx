import { resetTill } from '@pos/till-core/database';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTill } from '../till-context.ts';

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** "Reset till (sign out)": erases the local copy — refused while any sale is not final at the server (G6). */
export function ResetTill() {
  const till = useTill();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: () => resetTill(till.db),
    onSuccess: () => {
      setMessage('The till was reset: its sales and catalogue copy were erased. The catalogue is being reloaded.');
      void till.catalogSync.syncNow();
    },
    onError: (error) => setMessage(messageOf(error)),
    onSettled: () => setConfirming(false),
  });
  return (
    <section className="reset" aria-label="Reset till">
      <h2>Reset till / sign out</h2>
      {confirming ? (
        <div className="row">
          <span>Erase this till's sales history and catalogue copy?</span>
          <button type="button" className="danger" data-testid="confirm-reset" disabled={reset.isPending} onClick={() => reset.mutate()}>
            Yes, reset
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </div>
      ) : (
        <button
          type="button"
          data-testid="reset-till"
          onClick={() => {
            setMessage(null);
            setConfirming(true);
          }}
        >
          Reset till (sign out)
        </button>
      )}
      {message && (
        <p className="info" data-testid="reset-message" role="status">
          {message}
        </p>
      )}
    </section>
  );
}
