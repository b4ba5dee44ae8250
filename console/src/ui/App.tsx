/** The signed-in console: a section at a time (sync health first: what matters after an outage). */
import { useState } from 'react';
import { CatalogueSection } from './sections/CatalogueSection.tsx';
import { ExceptionsSection } from './sections/ExceptionsSection.tsx';
import { OrdersSection } from './sections/OrdersSection.tsx';
import { ReportsSection } from './sections/ReportsSection.tsx';
import { StaffSection } from './sections/StaffSection.tsx';
import { SyncHealthSection } from './sections/SyncHealthSection.tsx';
import { TillsSection } from './sections/TillsSection.tsx';
import { ZReportsSection } from './sections/ZReportsSection.tsx';
import { useLiveFeed } from './use-live-feed.ts';

const SECTIONS = [
  { id: 'health', label: 'Sync health', Component: SyncHealthSection },
  { id: 'orders', label: 'Orders', Component: OrdersSection },
  { id: 'exceptions', label: 'Exceptions', Component: ExceptionsSection },
  { id: 'catalogue', label: 'Catalogue and stock', Component: CatalogueSection },
  { id: 'tills', label: 'Tills', Component: TillsSection },
  { id: 'staff', label: 'Staff', Component: StaffSection },
  { id: 'reports', label: 'Reports', Component: ReportsSection },
  { id: 'zreports', label: 'Z reports', Component: ZReportsSection },
] as const;
type SectionId = (typeof SECTIONS)[number]['id'];

export function App({ onSignOut }: { onSignOut: () => void }) {
  const [section, setSection] = useState<SectionId>('health');
  const live = useLiveFeed();
  const current = SECTIONS.find((s) => s.id === section) ?? SECTIONS[0];
  return (
    <div className="app">
      <header className="topbar">
        <strong>Store console</strong>
        <nav>
          {SECTIONS.map((s) => (
            <button
              key={s.id}
              type="button"
              data-testid={`nav-${s.id}`}
              aria-current={s.id === section ? 'page' : undefined}
              onClick={() => setSection(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <span className={live ? 'badge ok' : 'badge warn'} data-testid="live-badge" data-state={live ? 'live' : 'reconnecting'}>
          {live ? 'Live' : 'Reconnecting…'}
        </span>
        <button type="button" data-testid="sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main className="content">
        <current.Component />
      </main>
    </div>
  );
}
