/**
 * Wiring: platform bridge → configuration → this terminal's database → background sync (once per
 * window) → React. A missing or invalid configuration shows an error screen instead of a till.
 */

import { resolveTillConfig } from '@pos/till-core/pairing';
import type { TillConfig } from '@pos/till-core/platform';
import { parseUnpairedTillConfig } from '@pos/till-core/platform';
import { startTill } from '@pos/till-core/start-till';
import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PairingScreen } from './pairing/PairingScreen.tsx';
import { currentBridge } from './platform/current-bridge.ts';
import { App } from './ui/App.tsx';
import { ConfigErrorScreen } from './ui/screens/ConfigErrorScreen.tsx';
import { TillContext } from './ui/till-context.ts';
import './ui/styles.css';

// Local Dexie reads and local writes must never wait for the network (TanStack's default networkMode
// 'online' would pause them whenever navigator.onLine is false): everything runs 'always' by default.
// Server reads (e.g. the reconciliation) opt into 'online', where online = POS Core reachable (below).
const queryClient = new QueryClient({
  defaultOptions: { queries: { networkMode: 'always' }, mutations: { networkMode: 'always', retry: false } },
});

async function main(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const bridge = currentBridge();
  let config: TillConfig;
  try {
    // A token paired on this till (kept in its database) wins; none at all → the pairing screen.
    const resolved = await resolveTillConfig(parseUnpairedTillConfig(await bridge.getConfig()));
    if (resolved.kind === 'needs-pairing') {
      root.render(<PairingScreen config={resolved.config} onPaired={() => window.location.reload()} />);
      return;
    }
    config = resolved.config;
  } catch (error) {
    root.render(<ConfigErrorScreen message={error instanceof Error ? error.message : String(error)} />);
    return;
  }
  let till: Awaited<ReturnType<typeof startTill>>;
  try {
    till = await startTill(config, bridge);
  } catch (error) {
    root.render(
      <ConfigErrorScreen
        message={`The till's local database could not be opened: ${error instanceof Error ? error.message : String(error)}`}
      />,
    );
    return;
  }
  // "Online" for TanStack Query is POS Core answering, not navigator.onLine.
  onlineManager.setEventListener((setOnline) => {
    setOnline(till.posCoreReachability.isOnline);
    return till.posCoreReachability.subscribe(() => setOnline(till.posCoreReachability.isOnline));
  });
  window.addEventListener('pagehide', (event) => {
    if (!event.persisted) void till.stop();
  });
  root.render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <TillContext.Provider value={till}>
          <App />
        </TillContext.Provider>
      </QueryClientProvider>
    </StrictMode>,
  );
}

void main();
