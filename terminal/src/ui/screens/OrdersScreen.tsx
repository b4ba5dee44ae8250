import { formatMoney } from '@pos/shared/money';
import { canPrintReceipt } from '@pos/till-core/checkout';
import { isSale, type OutboxRecord, watchRecentSales } from '@pos/till-core/outbox';
import { paymentLabel, STATUS_LABEL, saleDiagnostic, saleProblemSentence } from '../cashier-text.ts';
import { Diagnostic } from '../components/Diagnostic.tsx';
import { receiptHtml } from '../receipt-html.ts';
import { saleItemsText } from '../sale-items-text.ts';
import { useTill } from '../till-context.ts';
import { useWatch } from '../use-watch.ts';

/** The till's sales (its own and imported ones), newest first, with their status and, when something is wrong, why. */
export function OrdersScreen() {
  const till = useTill();
  // Drawer records (shift open/close, cash in/out) are on the Shift screen.
  const sales = useWatch<OutboxRecord[]>((onValue) => watchRecentSales(till.db, 200, onValue), [till.db], []).filter(isSale);
  if (sales.length === 0) return <p className="empty">No sales yet on this till.</p>;
  return (
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
            <span className="visually-hidden">Receipt</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {sales.map((sale) => {
          const problem = saleProblemSentence(sale);
          return (
            <tr key={sale.id} data-testid="order-row" data-order-id={sale.id} data-status={sale.status}>
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
                  <button type="button" data-testid="order-receipt" onClick={() => void till.bridge.printReceipt(receiptHtml(sale))}>
                    Receipt
                  </button>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
