import type { ReactNode } from 'react';

/** A payment screen's two buttons: Back (not while the charge is under way) and its confirming action. */
export function PaymentActions({
  inProgress,
  onBack,
  confirmTestId,
  canConfirm,
  onConfirm,
  children,
}: {
  inProgress: boolean;
  onBack: () => void;
  confirmTestId: string;
  canConfirm: boolean;
  onConfirm: () => void;
  /** The confirming button's words. */
  children: ReactNode;
}) {
  return (
    <div className="row">
      <button type="button" onClick={onBack} disabled={inProgress}>
        Back
      </button>
      <button type="button" className="primary" data-testid={confirmTestId} disabled={!canConfirm} onClick={onConfirm}>
        {children}
      </button>
    </div>
  );
}
