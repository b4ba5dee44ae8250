import { formatMoney } from '@pos/shared/money';
import { canPrintReceipt } from '@pos/till-core/checkout';
import { isSale, type OutboxRecord, type RefundRecord, type SaleRecord, watchRecentRecords } from '@pos/till-core/outbox';
import { printSaleReceipt } from '@pos/till-core/receipt';
import { useState } from 'react';
import { paymentLabel, STATUS_LABEL, saleDiagnostic, saleProblemSentence } from '../cashier-text.ts';
import { Diagnostic } from '../components/Diagnostic.tsx';
import { saleItemsText } from '../sale-items-text.ts';
import { useTill } from '../till-context.ts';
import { useWatch } from '../use-watch.ts';

/**
 * The till's records (its own sales and imported ones, and its refunds), newest first, with their status and,
 * when something is wrong, why. A sale is refunded from its row, or by typing / scanning the receipt's order number.
 */
export function OrdersScreen({ onRefund }: { onRefund: (orderId: string) => void }) {
  const till = useTill();
  // Sales and their refunds; drawer records (shift open/close, cash in/out) are on the Shift screen, staff records nowhere here.
  const records = useWatch<OutboxRecord[]>((onValue) => watchRecentRecords(till.db, 200, onValue), [till.db], []).filter(
    (r) => isSale(r) || r.entry === 'refund',
  );
  const refundsOf = (orderId: string) => records.filter((r): r is RefundRecord => r.entry === 'refund' && r.refund.orderId === orderId);
  return (
    <>
      <RefundLookup onRefund={onRefund} />
      {records.length === 0 ? (
        <p className="empty">No sales yet on this till.</p>
      ) : (
        <table className="orders">
          <thead>
            <tr>
              <th>#</th>
              <th>Time</th>
              <th>Items</th>
              <th>Payment</th>
              <th>Total</th>
              <th>Status</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((record) =>
              isSale(record) ? (
                <SaleRow key={record.id} sale={record} refunds={refundsOf(record.id)} onRefund={onRefund} />
              ) : record.entry === 'refund' ? (
                <RefundRow key={record.id} record={record} />
              ) : null,
            )}
          </tbody>
        </table>
      )}
    </>
  );
}

/** Typing or scanning the order number printed on a receipt opens its refund. */
function RefundLookup({ onRefund }: { onRefund: (orderId: string) => void }) {
  const [value, setValue] = useState('');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim() !== '') onRefund(value.trim().toLowerCase());
      }}
    >
      <label>
        Refund a sale: order number{' '}
        <input data-testid="refund-order-number" value={value} onChange={(e) => setValue(e.target.value)} placeholder="scan or type" />
      </label>
      <button type="submit" data-testid="refund-find">
        Find
      </button>
    </form>
  );
}

function SaleRow({ sale, refunds, onRefund }: { sale: SaleRecord; refunds: RefundRecord[]; onRefund: (orderId: string) => void }) {
  const till = useTill();
  const problem = saleProblemSentence(sale);
  return (
    <tr data-testid="order-row" data-order-id={sale.id} data-status={sale.status}>
      <td>{sale.seq}</td>
      <td>{new Date(sale.createdAt).toLocaleTimeString()}</td>
      <td data-testid="order-items">{saleItemsText(sale)}</td>
      <td data-testid="order-payment">{paymentLabel(sale)}</td>
      <td>{formatMoney(sale.order.total, sale.order.currency)}</td>
      <td>
        <span className={`status status-${sale.status}`} data-testid="order-status">
          {STATUS_LABEL[sale.status]}
        </span>
        {problem && (
          <div className="reason" data-testid="order-problem">
            {problem}
          </div>
        )}
        <Diagnostic text={saleDiagnostic(sale)} testId="order-diagnostic" />
      </td>
      <td>
        {canPrintReceipt(sale) && (
          <button type="button" data-testid="order-receipt" onClick={() => void printSaleReceipt(till, sale, refunds)}>
            Receipt
          </button>
        )}
        <button type="button" data-testid="order-refund" onClick={() => onRefund(sale.id)}>
          Refund
        </button>
      </td>
    </tr>
  );
}

function RefundRow({ record }: { record: RefundRecord }) {
  const { refund } = record;
  return (
    <tr data-testid="refund-row" data-refund-id={record.id} data-order-id={refund.orderId} data-status={record.status}>
      <td>{record.seq}</td>
      <td>{new Date(record.createdAt).toLocaleTimeString()}</td>
      <td>Refund: {refund.lines.map((l, i) => `${record.lineNames[i] ?? `line ${l.lineNo}`} × ${l.quantity}`).join(', ')}</td>
      <td>{refund.tender === 'card' ? 'Card refund' : 'Cash refund'}</td>
      <td>−{formatMoney(refund.amount, record.currency)}</td>
      <td>
        <span className={`status status-${record.status}`} data-testid="refund-row-status">
          {STATUS_LABEL[record.status]}
        </span>
        {record.reason && (
          <div className="reason" data-testid="refund-row-problem">
            {record.reason}
          </div>
        )}
      </td>
      <td />
    </tr>
  );
}
