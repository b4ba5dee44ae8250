import type { GuardedAction, OverrideRequirement } from '@pos/shared/staff-policy';
import { type ReactNode, useState } from 'react';
import { useTill } from '../till-context.ts';
import { type OverrideAbout, OverrideDialog } from './OverrideDialog.tsx';

interface Pending {
  requirement: OverrideRequirement;
  about: OverrideAbout;
  run: (approvedBy: string) => void;
}

/**
 * Runs an action the staff policy may guard (shared/src/staff-policy.ts): at once when the member
 * signed in may do it (`run(undefined)`), otherwise after another member approved it in the
 * OverrideDialog (`run(approverId)`, the override already recorded). Render `dialog` somewhere on screen.
 */
export function useGuardedAction(): {
  guard: (action: GuardedAction, about: OverrideAbout, run: (approvedBy: string | undefined) => void) => Promise<void>;
  dialog: ReactNode;
} {
  const till = useTill();
  const [pending, setPending] = useState<Pending | null>(null);
  const guard = async (action: GuardedAction, about: OverrideAbout, run: (approvedBy: string | undefined) => void) => {
    const requirement = await till.staff.overrideNeeded(action);
    if (requirement === null) run(undefined);
    else setPending({ requirement, about, run });
  };
  const dialog = pending && (
    <OverrideDialog
      requirement={pending.requirement}
      about={pending.about}
      onApproved={(approver) => {
        setPending(null);
        pending.run(approver.id);
      }}
      onCancel={() => setPending(null)}
    />
  );
  return { guard, dialog };
}
