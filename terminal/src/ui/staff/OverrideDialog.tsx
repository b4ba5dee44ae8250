import type { OverrideRequirement } from '@pos/shared/staff-policy';
import { roleAtLeast } from '@pos/shared/staff-policy';
import { useState } from 'react';
import { useTill } from '../till-context.ts';
import { useStore } from '../use-store.ts';
import { PinField } from './PinField.tsx';
import { refusedPinText } from './pin-outcome-text.ts';
import { StaffPicker } from './StaffPicker.tsx';

const ACTION_TEXT: Record<OverrideRequirement['action'], string> = {
  discount: 'This discount is above your limit',
  refund: 'A refund',
  no_sale: 'Opening the drawer without a sale',
  remove_line_after_payment: 'Removing a line after payment started',
  shift_close_difference: 'Closing with this cash difference',
};

export interface OverrideAbout {
  /** The record the override is for (e.g. the order), when there is one. */
  subjectId?: string | null;
  /** What it is for, in words, for the manager. */
  detail?: string | null;
}

/**
 * Asks another member for their PIN to approve an action the signed-in member may not do alone
 * (shared/src/staff-policy.ts). Approval is recorded by the till core ('override' record naming the
 * approver); `onApproved` runs after it is recorded.
 */
export function OverrideDialog({
  requirement,
  about,
  onApproved,
  onCancel,
}: {
  requirement: OverrideRequirement;
  about: OverrideAbout;
  onApproved: (approver: { id: string; name: string }) => void;
  onCancel: () => void;
}) {
  const till = useTill();
  const { staff, current } = useStore(till.staff);
  const approvers = staff.filter((s) => s.id !== current?.id && roleAtLeast(s.role, requirement.approverRole));
  const [chosen, setChosen] = useState<string | null>(approvers.length === 1 ? (approvers[0]?.id ?? null) : null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const approver = approvers.find((s) => s.id === chosen) ?? null;

  const approve = async (pin: string) => {
    if (!approver) return;
    setBusy(true);
    try {
      const outcome = await till.staff.approve(requirement, approver.id, pin, about);
      if (outcome.kind === 'approved') onApproved(outcome.approver);
      else setMessage(refusedPinText(outcome, approver.name));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="override-dialog" role="dialog" aria-modal="true" aria-label="Approval needed" data-testid="override-dialog">
      <h2>Approval needed</h2>
      <p>
        {ACTION_TEXT[requirement.action]}: a {requirement.approverRole} (or above) approves with their PIN.
      </p>
      {approvers.length === 0 && <p className="warning">No one on this till's staff list may approve this.</p>}
      <StaffPicker
        staff={approvers}
        chosen={chosen}
        testId="override-approver"
        onChoose={(id) => {
          setChosen(id);
          setMessage(null);
        }}
      />
      {approver && <PinField busy={busy} label="Approve" testId="override" onSubmit={(pin) => void approve(pin)} />}
      {message && (
        <p className="error" role="alert" data-testid="override-message">
          {message}
        </p>
      )}
      <div className="row">
        <button type="button" data-testid="override-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
