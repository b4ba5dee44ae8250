import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';

/** The member signed in, with "Sign out" (which is also how cashiers switch). Nothing in a store without staff. */
export function StaffBadge() {
  const till = useTill();
  const { current } = useStore(till.staff);
  if (!current) return null;
  return (
    <span className="staff-badge">
      <span data-testid="current-staff">{current.name}</span>
      <button type="button" data-testid="sign-out" onClick={() => void till.staff.signOut()}>
        Sign out
      </button>
    </span>
  );
}
