/** A sale's receipt as HTML for the bridge's printReceipt. States the sale's real status (G4). */
import { formatMoney } from '@pos/shared/money';
import { orderTotals } from '@pos/shared/pricing/order-totals';
import type { SaleRecord } from '@pos/till-core/outbox';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function receiptHtml(sale: SaleRecord): string {
  const { order } = sale;
  const money = (minor: number) => escapeHtml(formatMoney(minor, order.currency));
  const amounts = orderTotals(order);
  const lines = order.lines
    .map(
      (l, i) =>
        `<tr><td>${escapeHtml(sale.lineNames[i] ?? l.productId)}</td><td>${l.quantity} × ${money(l.unitPrice)}</td><td style="text-align:right">${money(l.quantity * l.unitPrice)}</td></tr>`,
    )
    .join('');
  const tenders = order.tenders
    .map((t) =>
      t.type === 'cash' ? `<p>Cash ${money(t.received)} — change ${money(t.received - t.amount)}</p>` : `<p>Card ${money(t.amount)}</p>`,
    )
    .join('');
  return `<div style="font-family:monospace;max-width:32em">
<h2>Receipt</h2>
<p>Till ${escapeHtml(order.terminalId)} · sale #${order.seq}<br>${escapeHtml(new Date(order.createdAt).toLocaleString())}</p>
<table style="width:100%">${lines}</table>
${amounts.discount > 0 ? `<p>Discount −${money(amounts.discount)}</p>` : ''}
<p><strong>Total ${money(amounts.total)}</strong><br>${order.pricing?.pricesIncludeTax === false ? 'tax added' : 'incl. tax'} ${money(amounts.tax)}</p>
${amounts.cashRounding !== 0 ? `<p>Cash rounding ${money(amounts.cashRounding)}</p>` : ''}
${tenders}
<p>Order ${escapeHtml(order.id)}<br>Status: ${escapeHtml(sale.status)}</p>
</div>`;
}
