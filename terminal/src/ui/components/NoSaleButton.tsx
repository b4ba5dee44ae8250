import type { DrawerOpening } from '@pos/till-core/receipt';
import { noSale } from '@pos/till-core/shift';
import { useState } from 'react';
import { useGuardedAction } from '../staff/use-guarded-action.tsx';
import { useTill } from '../till-context.ts';

const SAID: Record<Exclude<DrawerOpening, { opened: true }>['reason'], string> = {
  'no-network-printer': 'No cash drawer is connected: the drawer opens through a network receipt printer.',
  'printer-unreachable': 'The receipt printer did not answer: the drawer did not open.',
};

/**
 * "No sale": opens the cash drawer without a sale, with the override the staff policy asks for (no_sale).
 * Every opening is recorded first (a 'no-sale' record of the open shift: till core `noSale`).
 */
export function NoSaleButton() {
  const till = useTill();
  const { guard, dialog } = useGuardedAction();
  const [message, setMessage] = useState<string | null>(null);
  const open = () =>
    guard({ action: 'no_sale' }, { detail: 'drawer opened without a sale' }, (approvedBy) => {
      void noSale(till.db, till, { terminalId: till.config.terminalId, approvedBy }).then(
        ({ opening }) => setMessage(opening.opened ? 'Drawer opened.' : SAID[opening.reason]),
        (error: unknown) => setMessage(error instanceof Error ? error.message : String(error)),
      );
    });
  return (
    <>
      {dialog}
      <button type="button" data-testid="no-sale" title="Open the cash drawer without a sale" onClick={() => void open()}>
        No sale
      </button>
      {message && (
        <span role="status" data-testid="no-sale-message">
          {message}
        </span>
      )}
    </>
  );
}
