/** Sign in with the store manager's token (printed by `pnpm start`, or the one a store was created with). */
import { tillHealthList } from '@pos/shared/till-health';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ConsoleApi, ConsoleApiError } from '../api/console-api.ts';
import type { ConsoleConfig } from '../api/console-config.ts';

export function SignIn({ config, onSignedIn }: { config: ConsoleConfig; onSignedIn: (token: string) => void }) {
  const [token, setToken] = useState('');
  const check = useMutation({
    mutationFn: async (candidate: string) => {
      // A manager's token reads the store's tills; a till's token is refused (403), an unknown one 401.
      await new ConsoleApi(config, candidate).call('posCore', '/v1/store/tills', tillHealthList);
      return candidate;
    },
    onSuccess: onSignedIn,
  });
  const error = check.error;
  return (
    <main className="sign-in">
      <h1>Store console</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          check.mutate(token.trim());
        }}
      >
        <label>
          Manager token
          <input
            data-testid="sign-in-token"
            type="password"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
            required
          />
        </label>
        <button className="primary" data-testid="sign-in" type="submit" disabled={check.isPending || token.trim() === ''}>
          Sign in
        </button>
      </form>
      {error && (
        <p className="bad" role="alert" data-testid="sign-in-error">
          {error instanceof ConsoleApiError && (error.status === 401 || error.status === 403)
            ? 'This is not a store manager’s token.'
            : error.message}
        </p>
      )}
    </main>
  );
}
