import { changeDue, formatMoney } from '@pos/shared/money';
import { canPrintReceipt } from '@pos/till-core/checkout';
import { isSale, type OutboxRecord, watchSale } from '@pos/till-core/outbox';
import { printSaleReceipt } from '@pos/till-core/receipt';
import { useState } from 'react';
import { STATUS_LABEL, saleDiagnostic, saleProblemSentence, statusExplanation } from '../cashier-text.ts';
import { useTill } from '../till-context.ts';
import { useWatch } from '../use-watch.ts';
import { Diagnostic } from './Diagnostic.tsx';

/** The last sale and its live status, as the server last reported it. */
export function SaleResult({ saleId, onNewSale, onCancelPending }: { saleId: string; onNewSale: () => void; onCancelPending: () => void }) {
  const till = useTill();
  const record = useWatch<OutboxRecord | undefined>((onValue) => watchSale(till.db, saleId, onValue), [till.db, saleId], undefined);
  const [printMessage, setPrintMessage] = useState<string | null>(null);
  if (!record || !isSale(record)) return null;
  const sale = record;
  const cash = sale.order.tenders.find((t) => t.type === 'cash');
  const money = (minor: number) => formatMoney(minor, sale.order.currency);
  const problem = saleProblemSentence(sale);
  const explanation = statusExplanation(sale);
  return (
    <section className={`sale-result status-${sale.status}`} aria-label="Last sale" aria-live="polite">
      <h2>
        Sale #{sale.seq} — {money(sale.order.total)}
      </h2>
      <p>
        Status:{' '}
        <strong
          className={`status status-${sale.status}`}
          data-testid="last-order-status"
          data-order-id={sale.id}
          data-status={sale.status}
        >
          {STATUS_LABEL[sale.status]}
        </strong>
      </p>
      {explanation && <p className="explanation">{explanation}</p>}
      {problem && (
        <p className="reason" data-testid="last-order-problem">
          {problem}
        </p>
      )}
      <Diagnostic text={saleDiagnostic(sale)} testId="last-order-diagnostic" />
      {cash && (
        <p>
          Received {money(cash.received)} · Change due{' '}
          <strong data-testid="change-due">{money(changeDue(cash.amount, cash.received))}</strong>
        </p>
      )}
      {printMessage && <p className="info">{printMessage}</p>}
      <div className="row">
        {canPrintReceipt(sale) && (
          <button
            type="button"
            data-testid="print-receipt"
            onClick={async () => setPrintMessage((await printSaleReceipt(till, sale)) ? null : 'Printing was cancelled or failed.')}
          >
            Print receipt
          </button>
        )}
        {sale.kind === 'card' && sale.status === 'pending' && (
          <button type="button" data-testid="cancel-order" onClick={onCancelPending}>
            Cancel payment
          </button>
        )}
        <button type="button" className="primary" data-testid="new-sale" onClick={onNewSale}>
          New sale
        </button>
      </div>
    </section>
  );
}
