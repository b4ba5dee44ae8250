import { formatMoney } from '@pos/shared/money';
import { receiptHtml } from '../receipt-html.ts';
import { useTill } from '../till-context.ts';
import { useLiveQuery } from '../use-live-query.ts';

/** The till's sales (its own and imported ones), newest first, with their status and, when something is wrong, why. */
export function OrdersScreen() {
  const till = useTill();
  const sales = useLiveQuery(() => till.db.sales.orderBy('createdAt').reverse().limit(200).toArray(), [till.db], []);
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
        {sales.map((sale) => (
          <tr key={sale.id} data-testid="order-row" data-order-id={sale.id} data-status={sale.status}>
            <td>{sale.seq}</td>
            <td>{new Date(sale.createdAt).toLocaleTimeString()}</td>
            <td>{sale.lineNames.join(', ')}</td>
            <td>
              {sale.kind} {sale.order.captureMode === 'offline' ? '(offline)' : ''}
              {sale.importedAt ? ` (imported from ${sale.order.terminalId})` : ''}
            </td>
            <td>{formatMoney(sale.order.total, sale.order.currency)}</td>
            <td>
              <span className={`status status-${sale.status}`} data-testid="order-status">
                {sale.status}
              </span>
              {(sale.status === 'needs_attention' || sale.reason) && (
                <div className="reason" data-testid="order-reason">
                  {sale.reason ?? sale.lastError}
                </div>
              )}
              {(sale.status === 'queued' || sale.status === 'sending') && sale.lastError && (
                <div className="reason" data-testid="order-last-error">
                  Last attempt: {sale.lastError}
                </div>
              )}
            </td>
            <td>
              <button type="button" onClick={() => void till.bridge.printReceipt(receiptHtml(sale))}>
                Receipt
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
