/**
 * The carts parked on this till (parked/ in the till core): each with its items, total and age, and a
 * Resume button. Parked carts that passed the store's expiry are swept here every 30 s (and when the
 * list opens); the cashier is told which ones went (`onExpired`).
 */
import { expireParkedCarts, listParkedCarts, type ParkedCart } from '@pos/till-core/parked';
import { useEffect } from 'react';
import { parkedCartSummary } from '../cashier-text.ts';
import { useTill } from '../till-context.ts';
import { useLiveQuery } from '../use-live-query.ts';
import { useNow } from '../use-now.ts';

const SWEEP_INTERVAL_MS = 30_000;

export function ParkedCarts({
  currency,
  canResume,
  onResume,
  onExpired,
}: {
  currency: string | undefined;
  /** False while a sale is in progress: the cashier parks or finishes it first. */
  canResume: boolean;
  onResume: (parked: ParkedCart) => void;
  onExpired: (expired: ParkedCart[]) => void;
}) {
  const till = useTill();
  const parked = useLiveQuery(() => listParkedCarts(till.db), [till.db], [] as ParkedCart[]);
  const now = useNow(SWEEP_INTERVAL_MS);
  useEffect(() => {
    void expireParkedCarts(till.db, new Date(now)).then((expired) => {
      if (expired.length > 0) onExpired(expired);
    });
  }, [till.db, now, onExpired]);
  if (parked.length === 0) return null;
  return (
    <section className="parked-carts" aria-label="Parked carts" data-testid="parked-carts">
      <h3>Parked</h3>
      <ul>
        {parked.map((p) => (
          <li key={p.id} data-testid="parked-cart" data-parked-id={p.id}>
            <span>
              {new Date(p.parkedAt).toLocaleTimeString()} · {parkedCartSummary(p, currency)}
            </span>{' '}
            <button
              type="button"
              data-testid="resume-parked"
              disabled={!canResume}
              title={canResume ? 'Bring this cart back' : 'Park or finish the current sale first'}
              onClick={() => onResume(p)}
            >
              Resume
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
