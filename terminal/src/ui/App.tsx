import { ScanRouter } from '@pos/till-core/scanner';
import { useEffect, useState } from 'react';
import { attachWedgeScanner } from '../platform/wedge-scanner.ts';
import { CatalogAge } from './components/CatalogAge.tsx';
import { OnlineBadge } from './components/OnlineBadge.tsx';
import { RevokedBanner } from './components/RevokedBanner.tsx';
import { ScanRouterContext } from './scan-context.ts';
import { OrdersScreen } from './screens/OrdersScreen.tsx';
import { RefundScreen } from './screens/RefundScreen.tsx';
import { SellScreen } from './screens/SellScreen.tsx';
import { ShiftScreen } from './screens/ShiftScreen.tsx';
import { SyncScreen } from './screens/SyncScreen.tsx';
import { SignInScreen } from './staff/SignInScreen.tsx';
import { StaffBadge } from './staff/StaffBadge.tsx';
import { useTill } from './till-context.ts';
import { useStore } from './use-store.ts';

type Screen = 'sell' | 'orders' | 'shift' | 'sync';

export function App() {
  const till = useTill();
  const [screen, setScreen] = useState<Screen>('sell');
  // One scanner for the whole window: every scan, wherever the focus is, goes through the router.
  const [scans] = useState(() => new ScanRouter());
  useEffect(() => attachWedgeScanner((code) => scans.dispatch(code)), [scans]);
  /** The sale being refunded (a panel over the Orders screen). */
  const [refunding, setRefunding] = useState<string | null>(null);
  const { counts } = useStore(till.syncEngine);
  const waiting = counts.queued + counts.sending;
  // A store with staff: no one works the till before signing in (a store without staff never asks).
  const staff = useStore(till.staff);
  const mustSignIn = staff.loaded && staff.signInRequired && staff.current === null;
  const nav = (id: Screen, label: string) => (
    <button type="button" data-testid={`nav-${id}`} aria-current={screen === id ? 'page' : undefined} onClick={() => setScreen(id)}>
      {label}
    </button>
  );
  return (
    <ScanRouterContext.Provider value={scans}>
      <div className="app">
        <header className="topbar">
          <nav aria-label="Screens">
            {nav('sell', 'Sell')}
            {nav('orders', 'Orders')}
            {nav('shift', 'Shift')}
            {nav('sync', waiting > 0 ? `Sync (${waiting})` : 'Sync')}
          </nav>
          <span className="till-id">{till.config.terminalId}</span>
          <StaffBadge />
          <CatalogAge />
          <OnlineBadge />
        </header>
        <RevokedBanner onExport={() => setScreen('sync')} />
        <main>
          {mustSignIn && <SignInScreen />}
          {/* The sell screen stays mounted so a cart survives a look at the other screens (and a switch of cashier). */}
          <div hidden={screen !== 'sell' || mustSignIn}>
            <SellScreen />
          </div>
          {!mustSignIn &&
            screen === 'orders' &&
            (refunding ? (
              <RefundScreen orderId={refunding} onClose={() => setRefunding(null)} />
            ) : (
              <OrdersScreen onRefund={setRefunding} />
            ))}
          {!mustSignIn && screen === 'shift' && <ShiftScreen />}
          {!mustSignIn && screen === 'sync' && <SyncScreen />}
        </main>
      </div>
    </ScanRouterContext.Provider>
  );
}
