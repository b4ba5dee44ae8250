import { revokedMessage } from '@pos/till-core/pairing';
import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';

/**
 * Shown on every screen once the server refused this till's token as revoked (issue 7): the till
 * keeps every unsynced sale and says how many, so they can be exported from the sync screen.
 */
export function RevokedBanner({ onExport }: { onExport: () => void }) {
  const till = useTill();
  const { state, counts } = useStore(till.syncEngine);
  if (state !== 'revoked') return null;
  const unsynced = counts.queued + counts.sending + counts.pending + counts.needs_attention;
  return (
    <div className="banner error" role="alert" data-testid="revoked-banner">
      <span>{revokedMessage(unsynced)}</span>
      {unsynced > 0 && (
        <button type="button" onClick={onExport}>
          Export sales
        </button>
      )}
    </div>
  );
}
