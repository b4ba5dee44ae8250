/**
 * Shown instead of the till when it has no device token yet: the cashier types the pairing code the
 * store manager made (POST /v1/pairing-codes); on success the token is saved in the till's database
 * and the till starts.
 */

import { TillDatabase } from '@pos/till-core/database';
import type { UnpairedTillConfig } from '@pos/till-core/pairing';
import { pairTill } from '@pos/till-core/pairing';
import { type FormEvent, useState } from 'react';

export function PairingScreen({ config, onPaired }: { config: UnpairedTillConfig; onPaired: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const db = new TillDatabase(config.terminalId);
    try {
      await db.open();
      await pairTill({ posCoreUrl: config.posCoreUrl, terminalId: config.terminalId, code, db });
      onPaired();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      db.close();
      setBusy(false);
    }
  };

  return (
    <main className="config-error" data-testid="pairing-screen">
      <h1>Pair this till</h1>
      <p>
        Till <strong>{config.terminalId}</strong> has no credential yet. Ask the store manager for a pairing code and type it here.
      </p>
      <form onSubmit={submit}>
        <label>
          Pairing code{' '}
          <input
            data-testid="pairing-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            placeholder="XXXX-XXXX"
          />
        </label>{' '}
        <button type="submit" className="primary" disabled={busy || code.trim().length < 4}>
          {busy ? 'Pairing…' : 'Pair'}
        </button>
      </form>
      {error && (
        <p role="alert" data-testid="pairing-error">
          {error}
        </p>
      )}
    </main>
  );
}
