/** Signed out: the sign-in form. Signed in: the console for the token's store. */
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ConsoleApi } from '../api/console-api.ts';
import type { ConsoleConfig } from '../api/console-config.ts';
import { clearSessionToken, saveSessionToken, takeSessionToken } from '../session.ts';
import { App } from './App.tsx';
import { ConsoleContext } from './console-context.ts';
import { SignIn } from './SignIn.tsx';

export function Root({ config }: { config: ConsoleConfig }) {
  const [token, setToken] = useState<string | null>(() => takeSessionToken());
  const queryClient = useQueryClient();
  const api = useMemo(() => (token ? new ConsoleApi(config, token) : null), [config, token]);
  const signOut = () => {
    clearSessionToken();
    queryClient.clear();
    setToken(null);
  };
  if (!api) {
    return (
      <SignIn
        config={config}
        onSignedIn={(signedIn) => {
          saveSessionToken(signedIn);
          setToken(signedIn);
        }}
      />
    );
  }
  return (
    <ConsoleContext.Provider value={api}>
      <App onSignOut={signOut} />
    </ConsoleContext.Provider>
  );
}
