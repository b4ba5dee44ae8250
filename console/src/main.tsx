/**
 * Wiring: configuration (where POS Core and Inventory are) → the manager's token (sign-in) → the
 * console. Server state lives in TanStack Query; the live event feed invalidates it (ui/use-live-feed.ts).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadConsoleConfig } from './api/console-config.ts';
import { Root } from './ui/Root.tsx';
import './ui/styles.css';
import 'uplot/dist/uPlot.min.css';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1 }, mutations: { retry: false } } });

async function main(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    const config = await loadConsoleConfig();
    root.render(
      <StrictMode>
        <QueryClientProvider client={queryClient}>
          <Root config={config} />
        </QueryClientProvider>
      </StrictMode>,
    );
  } catch (error) {
    root.render(
      <p className="error-screen" role="alert">
        {error instanceof Error ? error.message : String(error)}
      </p>,
    );
  }
}

void main();
