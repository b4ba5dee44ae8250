import { describeFailure } from '@pos/till-core/api';
import { failureSentence } from '../cashier-text.ts';
import { Diagnostic } from '../components/Diagnostic.tsx';
import { DiagnosticsPanel } from '../components/DiagnosticsPanel.tsx';
import { ResetTill } from '../components/ResetTill.tsx';
import { SalesTransfer } from '../components/SalesTransfer.tsx';
import { ServerView } from '../components/ServerView.tsx';
import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';

const time = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleTimeString() : 'never');

const STATE_TEXT = {
  starting: 'Starting…',
  follower: 'Another window of this till is sending.',
  idle: 'Up to date.',
  sending: 'Sending…',
  backing_off: 'Waiting to retry.',
  unauthorized: 'The server refused the till token (re-reading it and retrying): every sale is kept.',
  revoked: 'This till was revoked by the store manager: nothing is sent, every sale is kept. Export them below.',
  stopped: 'Stopped.',
} as const;

/** The outbox: what waits, what drains, when the server last answered, and what went wrong since it last drained. */
export function SyncScreen() {
  const till = useTill();
  const sync = useStore(till.syncEngine);
  const catalog = useStore(till.catalogSync);
  const waiting = sync.counts.queued + sync.counts.sending;
  const progress = sync.progress;
  return (
    <div className="sync">
      <dl className="sync-facts">
        <dt>Waiting to send</dt>
        <dd data-testid="queued-count">{waiting}</dd>
        <dt>Pending at the server</dt>
        <dd data-testid="pending-count">{sync.counts.pending}</dd>
        <dt>Needs attention</dt>
        <dd data-testid="needs-attention-count">{sync.counts.needs_attention}</dd>
        <dt>State</dt>
        <dd data-testid="sync-state" data-state={sync.state}>
          {STATE_TEXT[sync.state]}
          {sync.state === 'backing_off' && sync.nextAttemptAt ? ` Next attempt at ${time(sync.nextAttemptAt)}.` : ''}
        </dd>
        <dt>Last successful sync</dt>
        <dd data-testid="last-sync">{time(sync.lastSyncAt)}</dd>
      </dl>
      <div className="progress-row">
        <progress
          data-testid="sync-progress"
          max={progress ? Math.max(1, progress.total) : 1}
          value={progress ? progress.done : waiting === 0 ? 1 : 0}
          aria-label="Sync progress"
        />
        <span>{progress ? `${progress.done} / ${progress.total} sent` : waiting === 0 ? 'Nothing to send' : `${waiting} waiting`}</span>
      </div>
      <div className="row">
        <button type="button" className="primary" data-testid="sync-now" onClick={() => till.syncEngine.syncNow()}>
          Sync now
        </button>
        <button type="button" data-testid="refresh-catalog" onClick={() => void till.catalogSync.syncNow()}>
          Refresh catalogue
        </button>
      </div>
      {catalog.lastFailure && (
        <div className="error" data-testid="catalog-error">
          <p>Catalogue: {failureSentence(catalog.lastFailure, 'catalogue')}</p>
          <Diagnostic text={describeFailure(catalog.lastFailure)} testId="catalog-error-diagnostic" />
        </div>
      )}
      <h2>Recent errors</h2>
      {sync.recentErrors.length === 0 ? (
        <p className="empty">None.</p>
      ) : (
        <ul className="errors" data-testid="sync-errors">
          {sync.recentErrors.map((e) => (
            <li key={`${e.at}-${e.message}`} data-testid="sync-error">
              {time(e.at)} — {failureSentence(e.failure, 'sale')}
              <Diagnostic text={e.message} testId="sync-error-diagnostic" />
            </li>
          ))}
        </ul>
      )}
      <ServerView />
      <DiagnosticsPanel />
      <SalesTransfer />
      <ResetTill />
    </div>
  );
}
