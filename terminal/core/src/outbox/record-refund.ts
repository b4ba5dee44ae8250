/** Records a refund in the outbox (record-entry.ts): the submission is built with the numbers handed out in the same transaction. */
import type { RefundSubmission } from '@pos/shared/refund';
import type { TillDatabase } from '../db/till-database.ts';
import { newEntry } from './new-entry.ts';
import { type EntryNumbers, recordEntry } from './record-entry.ts';
import type { RefundRecord } from './refund-record.ts';

export interface NewRefund {
  currency: string;
  lineNames: string[];
  /** Builds (and validates) the refund with the numbers assigned inside the transaction. Must be synchronous. */
  build: (numbers: Pick<EntryNumbers, 'seq' | 'lamport' | 'staffId'>) => RefundSubmission;
  now?: Date;
}

export async function recordRefund(db: TillDatabase, input: NewRefund): Promise<RefundRecord> {
  const at = (input.now ?? new Date()).toISOString();
  return recordEntry(db, ({ seq, lamport, staffId }): RefundRecord => {
    const refund = input.build({ seq, lamport, staffId });
    if (refund.seq !== seq || refund.lamport !== lamport)
      throw new Error('recordRefund: the refund must carry the assigned seq and lamport');
    return { ...newEntry(refund.id, seq, 'queued', at), entry: 'refund', refund, currency: input.currency, lineNames: input.lineNames };
  });
}

/** This till's refund records of one order (any status), oldest first. */
export async function refundsOfOrder(db: TillDatabase, orderId: string): Promise<RefundRecord[]> {
  const rows = await db.sales
    .orderBy('seq')
    .filter((r) => r.entry === 'refund' && r.refund.orderId === orderId)
    .toArray();
  return rows as RefundRecord[];
}
