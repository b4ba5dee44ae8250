import { formatMoney } from '@pos/shared/money';
import { type OutboxRecord, watchRecord } from '@pos/till-core/outbox';
import { refundReceiptHtml } from '@pos/till-core/receipt';
import { useState } from 'react';
import { useTill } from '../till-context.ts';
import { useWatch } from '../use-watch.ts';

/** What the cashier is told about a refund, by its outbox status: done only once POS Core said so (G4). */
const REFUND_STATUS_TEXT: Record<OutboxRecord['status'], string> = {
  queued: 'Recorded on this till — it is sent when the store server can be reached.',
  sending: 'Sending to the store server…',
  pending: 'The card refund is being processed.',
  confirmed: 'Refunded.',
  declined: 'The card refund was refused: nothing went back to the card.',
  // POS Core refused the request (more than remains, a sale that cannot be refunded): final, with its reason below.
  rejected: 'Refused by the store server.',
  cancelled: 'Cancelled.',
  needs_attention: 'Refused by the store server.',
};

/** A refund just made and its live status. */
export function RefundResult({ recordId }: { recordId: string }) {
  const till = useTill();
  const record = useWatch<OutboxRecord | undefined>((onValue) => watchRecord(till.db, recordId, onValue), [till.db, recordId], undefined);
  const [printed, setPrinted] = useState<string | null>(null);
  if (record?.entry !== 'refund') return null;
  const { refund } = record;
  return (
    <div className={`sale-result status-${record.status}`} aria-live="polite">
      <h3>
        Refund #{record.seq} — {formatMoney(refund.amount, record.currency)} {refund.tender === 'card' ? 'to the card' : 'in cash'}
      </h3>
      <p data-testid="refund-status" data-status={record.status}>
        {REFUND_STATUS_TEXT[record.status]}
      </p>
      {record.reason && (
        <p className="reason" data-testid="refund-refusal">
          {record.reason}
        </p>
      )}
      <button
        type="button"
        data-testid="refund-receipt"
        onClick={() =>
          void till.bridge.printReceipt(refundReceiptHtml(record)).then(
            () => setPrinted('Receipt sent to the printer.'),
            (error: unknown) => setPrinted(`Could not print: ${error instanceof Error ? error.message : String(error)}`),
          )
        }
      >
        Print refund receipt
      </button>
      {printed && <p>{printed}</p>}
    </div>
  );
}
