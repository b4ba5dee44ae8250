import { buildDiagnosticsBundle, type DiagnosticsSummary, readDiagnosticsSummary } from '@pos/till-core/diagnostics';
import { useMutation } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { saveTextFile } from '../save-file.ts';
import { useTill } from '../till-context.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { useNow } from '../use-now.ts';

const RECENT_SHOWN = 10;
const EMPTY: DiagnosticsSummary = {
  unsynced: 0,
  oldestUnsyncedAt: null,
  oldestUnsyncedAgeMs: null,
  lastAckedSeq: null,
  lamport: 0,
  rejected: [],
};

const age = (ms: number) =>
  ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

/**
 * For support (issue #19 §6): the queue as the server sees it from here, the till's recent requests
 * (their ids are on the services' access-log lines) and the sales it refused; "Export diagnostics"
 * saves the bundle `pnpm trace <orderId> --till <file>` reads.
 */
export function DiagnosticsPanel() {
  const till = useTill();
  const { db, journal } = till;
  const terminalId = till.config.terminalId;
  const summary = useLiveQuery(() => readDiagnosticsSummary(db, terminalId), [db, terminalId], EMPTY);
  const requests = useSyncExternalStore(
    (l) => journal.subscribe(l),
    () => journal.recentRequests,
  );
  const now = useNow(1_000);
  const [message, setMessage] = useState<string | null>(null);
  const exportBundle = useMutation({
    mutationFn: async () => {
      const bundle = await buildDiagnosticsBundle(db, journal, terminalId);
      saveTextFile(`till-diagnostics-${terminalId}-${bundle.exportedAt.replace(/[:.]/g, '-')}.json`, JSON.stringify(bundle, null, 2));
      return bundle.log.length;
    },
    onSuccess: (n) => setMessage(`Exported diagnostics (${n} log entries, no card data).`),
    onError: (error) => setMessage(`Export failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  const oldest = summary.oldestUnsyncedAt ? Math.max(0, now - Date.parse(summary.oldestUnsyncedAt)) : null;
  return (
    <section className="diagnostics" aria-label="Diagnostics" data-testid="diagnostics-panel">
      <h2>Diagnostics</h2>
      <dl className="sync-facts">
        <dt>Unsynced sales</dt>
        <dd data-testid="diag-unsynced">{summary.unsynced}</dd>
        <dt>Oldest unsynced</dt>
        <dd data-testid="diag-oldest-unsynced">{oldest === null ? '—' : age(oldest)}</dd>
        <dt>Last acknowledged sequence number</dt>
        <dd data-testid="diag-last-acked-seq">{summary.lastAckedSeq ?? '—'}</dd>
        <dt>Lamport time</dt>
        <dd data-testid="diag-lamport">{summary.lamport}</dd>
      </dl>
      <h3>Recent requests</h3>
      {requests.length === 0 ? (
        <p className="empty">None yet.</p>
      ) : (
        <ul className="errors" data-testid="diag-requests">
          {requests
            .slice(-RECENT_SHOWN)
            .reverse()
            .map((r) => (
              <li key={r.requestId} data-testid="diag-request">
                <code data-testid="diag-request-id">{r.requestId}</code> {r.method} {r.path} → {r.status ?? 'no answer'}
              </li>
            ))}
        </ul>
      )}
      <h3>Rejected records</h3>
      {summary.rejected.length === 0 ? (
        <p className="empty" data-testid="diag-no-rejected">
          None.
        </p>
      ) : (
        <ul className="errors" data-testid="diag-rejected">
          {summary.rejected.map((r) => (
            <li key={r.orderId} data-testid="diag-rejected-record">
              #{r.seq} <code>{r.orderId}</code> — {r.reason}
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <button type="button" data-testid="export-diagnostics" disabled={exportBundle.isPending} onClick={() => exportBundle.mutate()}>
          Export diagnostics
        </button>
      </div>
      {message && (
        <p role="status" data-testid="diagnostics-message">
          {message}
        </p>
      )}
    </section>
  );
}
