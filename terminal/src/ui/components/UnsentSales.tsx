import { unsentSummary } from '../cashier-text.ts';
import { useTill } from '../till-context.ts';
import { useNow } from '../use-now.ts';
import { useStore } from '../use-store.ts';

/** On the Sell screen: how many sales wait to be sent and how long the oldest has waited. */
export function UnsentSales() {
  const sync = useStore(useTill().syncEngine);
  const now = useNow(10_000);
  const waiting = sync.counts.queued + sync.counts.sending;
  const text = unsentSummary(waiting, sync.oldestUnsentAt, now);
  if (!text) return null;
  return (
    <p className="unsent-sales" role="status" data-testid="unsent-sales" data-count={waiting}>
      {text}
    </p>
  );
}
