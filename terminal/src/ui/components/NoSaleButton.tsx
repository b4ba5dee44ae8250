import { type DrawerOpening, openCashDrawer } from '@pos/till-core/receipt';
import { useState } from 'react';
import { useGuardedAction } from '../staff/use-guarded-action.tsx';
import { useTill } from '../till-context.ts';

const SAID: Record<Exclude<DrawerOpening, { opened: true }>['reason'], string> = {
  'no-network-printer': 'No cash drawer is connected: the drawer opens through a network receipt printer.',
  'printer-unreachable': 'The receipt printer did not answer: the drawer did not open.',
};

/** "No sale": opens the cash drawer without a sale, with the override the staff policy asks for (no_sale). */
export function NoSaleButton() {
  const till = useTill();
  const { guard, dialog } = useGuardedAction();
  const [message, setMessage] = useState<string | null>(null);
  const open = () =>
    guard({ action: 'no_sale' }, { detail: 'drawer opened without a sale' }, () => {
      void openCashDrawer(till).then((result) => setMessage(result.opened ? 'Drawer opened.' : SAID[result.reason]));
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
