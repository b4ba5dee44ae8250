import { useQuery } from '@tanstack/react-query';
import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';
import { useStoreCurrency } from '../use-store-currency.ts';

/**
 * The server's view of this till (G6), read through TanStack Query: it is server state, so it runs in
 * networkMode 'online' — and "online" is POS Core's reachability (main.tsx wires onlineManager to it).
 * A missing range of seqs means the server never got those sales.
 */
export function ServerView() {
  const till = useTill();
  const numbering = useStore(till.sequenceCheck);
  const currency = useStoreCurrency();
  const { terminalId } = till.config;
  const server = useQuery({
    queryKey: ['reconciliation', terminalId],
    queryFn: () => till.posCore.getReconciliation(terminalId),
    networkMode: 'online',
    refetchInterval: 10_000,
  });
  const data = server.data;
  return (
    <section className="server-view" aria-label="Server view of this till">
      <h2>Server view</h2>
      {data ? (
        <dl className="sync-facts">
          <dt>Last sale number received</dt>
          <dd data-testid="server-last-seq">{data.lastSeq}</dd>
          <dt>Missing numbers</dt>
          <dd data-testid="server-gaps">
            {data.gaps.length === 0 ? 'none' : data.gaps.map((g) => (g.from === g.to ? `#${g.from}` : `#${g.from}–#${g.to}`)).join(', ')}
          </dd>
          <dt>Confirmed at the server</dt>
          <dd>{data.counts.confirmed ?? 0}</dd>
        </dl>
      ) : (
        <p className="empty">
          {server.isPaused ? 'Waiting for the server to be reachable.' : server.error ? 'Could not read it.' : 'Loading…'}
        </p>
      )}
      <p>
        Next sale number on this till:{' '}
        <span data-testid="next-seq" data-checked={String(numbering.checkedAt !== null)}>
          {numbering.nextSeq ?? 'not checked with the server yet'}
        </span>
      </p>
      <p>
        The store sells in:{' '}
        <span data-testid="store-currency" data-known={String(currency !== undefined)}>
          {currency ?? 'not learned from the server yet'}
        </span>
      </p>
    </section>
  );
}
