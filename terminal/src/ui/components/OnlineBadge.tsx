import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';

/** Whether POS Core answers (not merely whether the browser has a network). */
export function OnlineBadge() {
  const { state } = useStore(useTill().posCoreReachability);
  const label = state === 'online' ? 'Online' : state === 'offline' ? 'Offline' : 'Connecting…';
  return (
    <span className={`badge badge-${state}`} data-testid="online-badge" data-state={state} role="status">
      {label}
    </span>
  );
}
