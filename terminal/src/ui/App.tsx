import { useState } from 'react';
import { CatalogAge } from './components/CatalogAge.tsx';
import { OnlineBadge } from './components/OnlineBadge.tsx';
import { RevokedBanner } from './components/RevokedBanner.tsx';
import { OrdersScreen } from './screens/OrdersScreen.tsx';
import { SellScreen } from './screens/SellScreen.tsx';
import { ShiftScreen } from './screens/ShiftScreen.tsx';
import { SyncScreen } from './screens/SyncScreen.tsx';
import { useTill } from './till-context.ts';
import { useStore } from './use-store.ts';

type Screen = 'sell' | 'orders' | 'shift' | 'sync';

export function App() {
  const till = useTill();
  const [screen, setScreen] = useState<Screen>('sell');
  const { counts } = useStore(till.syncEngine);
  const waiting = counts.queued + counts.sending;
  const nav = (id: Screen, label: string) => (
    <button type="button" data-testid={`nav-${id}`} aria-current={screen === id ? 'page' : undefined} onClick={() => setScreen(id)}>
      {label}
    </button>
  );
  return (
    <div className="app">
      <header className="topbar">
        <nav aria-label="Screens">
          {nav('sell', 'Sell')}
          {nav('orders', 'Orders')}
          {nav('shift', 'Shift')}
          {nav('sync', waiting > 0 ? `Sync (${waiting})` : 'Sync')}
        </nav>
        <span className="till-id">{till.config.terminalId}</span>
        <CatalogAge />
        <OnlineBadge />
      </header>
      <RevokedBanner onExport={() => setScreen('sync')} />
      <main>
        {/* The sell screen stays mounted so a cart survives a look at the other screens. */}
        <div hidden={screen !== 'sell'}>
          <SellScreen />
        </div>
        {screen === 'orders' && <OrdersScreen />}
        {screen === 'shift' && <ShiftScreen />}
        {screen === 'sync' && <SyncScreen />}
      </main>
    </div>
  );
}
