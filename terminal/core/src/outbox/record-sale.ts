/**
 * Records a sale in the outbox (record-entry.ts): the order is built with the numbers handed out in the
 * same transaction. Selling needs an open shift (issue 15): without one nothing is recorded and
 * NoOpenShiftError is thrown, checked in the transaction that records the sale.
 */
import type { OrderSubmission } from '@pos/shared/order';
import type { TillDatabase } from '../db/till-database.ts';
import { NoOpenShiftError } from '../shift/open-shift-state.ts';
import { newEntry } from './new-entry.ts';
import type { PaymentKind, SaleRecord } from './outbox-record.ts';
import { type EntryNumbers, recordEntry } from './record-entry.ts';

export type SaleNumbers = Pick<EntryNumbers, 'seq' | 'lamport'>;

export interface NewSale {
  kind: PaymentKind;
  /** 'queued' for the batch engine (cash); 'sending' when the caller submits it itself (card). */
  status: 'queued' | 'sending';
  lineNames: string[];
  /** Builds (and validates) the order with the numbers assigned inside the transaction. Must be synchronous. */
  build: (numbers: SaleNumbers) => OrderSubmission;
  now?: Date;
}

export async function recordSale(db: TillDatabase, sale: NewSale): Promise<SaleRecord> {
  const at = (sale.now ?? new Date()).toISOString();
  return recordEntry(db, ({ seq, lamport, openShift }): SaleRecord => {
    if (openShift === null) throw new NoOpenShiftError('selling');
    const order = sale.build({ seq, lamport });
    if (order.seq !== seq || order.lamport !== lamport) throw new Error('recordSale: the order must carry the assigned seq and lamport');
    return { ...newEntry(order.id, seq, sale.status, at), entry: 'sale', kind: sale.kind, order, lineNames: sale.lineNames };
  });
}
