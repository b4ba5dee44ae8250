/**
 * "No sale": the drawer opened without a sale is a 'no-sale' record of the open shift (DESIGN §7: every
 * drawer opening is on record, whether the member may do it alone or a manager approved it). It takes the
 * till's next seq like every record and is synced like a cash movement.
 */
import { uuidv7 } from '@pos/shared/ids';
import { noSale as noSaleSchema } from '@pos/shared/shift-record';
import type { TillDatabase } from '../db/till-database.ts';
import { recordEntry } from '../outbox/record-entry.ts';
import { type DrawerOpening, drawerConnected, openCashDrawer } from '../receipt/open-cash-drawer.ts';
import type { PrintTarget } from '../receipt/print-sale-receipt.ts';
import { newDrawerEntry } from './new-drawer-entry.ts';
import type { NoSaleRecord } from './no-sale-record.ts';
import { NoOpenShiftError } from './open-shift-state.ts';

export interface NoSaleInput {
  terminalId: string;
  /** The member who approved the opening, when the staff policy asked for an override. */
  approvedBy?: string | null;
  now?: Date;
}

export async function recordNoSale(db: TillDatabase, input: NoSaleInput): Promise<NoSaleRecord> {
  const now = input.now ?? new Date();
  const at = now.toISOString();
  const id = uuidv7(now.getTime());
  return recordEntry(db, ({ seq, lamport, openShift, staffId }): NoSaleRecord => {
    if (openShift === null) throw new NoOpenShiftError('opening the drawer without a sale');
    const payload = noSaleSchema.parse({
      kind: 'no-sale',
      id,
      terminalId: input.terminalId,
      seq,
      createdAt: at,
      lamport,
      shiftId: openShift.id,
      ...(staffId ? { staffId } : {}),
      ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
    });
    return { ...newDrawerEntry(id, seq, at), entry: 'no-sale', payload };
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
