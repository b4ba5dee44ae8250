/**
 * "No sale": the drawer opened without a sale is a 'no-sale' record of the open shift (DESIGN §7: every
 * drawer opening is on record, whether the member may do it alone or a manager approved it). It takes the
 * till's next seq like every record and is synced like a cash movement.
 */
import { noSale as noSaleSchema } from '@pos/shared/shift-record';
import type { TillDatabase } from '../db/till-database.ts';
import { type DrawerOpening, drawerConnected, openCashDrawer } from '../receipt/open-cash-drawer.ts';
import type { PrintTarget } from '../receipt/print-sale-receipt.ts';
import type { NoSaleRecord } from './no-sale-record.ts';
import { recordInOpenShift } from './record-in-open-shift.ts';

export interface NoSaleInput {
  terminalId: string;
  /** The member who approved the opening, when the staff policy asked for an override. */
  approvedBy?: string | null;
  now?: Date;
}

export async function recordNoSale(db: TillDatabase, input: NoSaleInput): Promise<NoSaleRecord> {
  return recordInOpenShift(db, input, 'opening the drawer without a sale', (fields, entry): NoSaleRecord => {
    const payload = noSaleSchema.parse({ kind: 'no-sale', ...fields });
    return { ...entry, entry: 'no-sale', payload };
  });
}

/**
 * "No sale": records the opening (in the open shift: NoOpenShiftError without one), then sends the drawer
 * pulse. The record comes first so that no opening goes unrecorded; when the till has no drawer it can
 * open (no network printer) nothing is recorded. A pulse the printer did not take stays recorded: the
 * cashier asked for the drawer, and the answer says it did not open.
 */
export async function noSale(
  db: TillDatabase,
  target: Pick<PrintTarget, 'bridge' | 'config'>,
  input: NoSaleInput,
): Promise<{ opening: DrawerOpening; record: NoSaleRecord | null }> {
  if (!drawerConnected(target.config)) return { opening: { opened: false, reason: 'no-network-printer' }, record: null };
  const record = await recordNoSale(db, input);
  return { opening: await openCashDrawer(target), record };
}
