/** A sale's receipt as HTML for the bridge's printReceipt. States the sale's real status (G4). */
import { formatMoney, orderAmounts } from '@pos/shared/money';
import type { RefundRecord, SaleRecord } from '@pos/till-core/outbox';
import { escapeHtml } from './escape-html.ts';

/** `refunds`: this till's refunds of the sale; a reprint lists what was refunded (refused ones left out). */
export function receiptHtml(sale: SaleRecord, refunds: readonly RefundRecord[] = []): string {
  const { order } = sale;
  const money = (minor: number) => escapeHtml(formatMoney(minor, order.currency));
  const amounts = orderAmounts(order.lines);
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
  const refunded = refunds
    .filter((r) => r.status !== 'declined' && r.status !== 'needs_attention')
    .map(
      (r) =>
        `<p data-refund="${escapeHtml(r.id)}">Refunded ${money(r.refund.amount)} (${r.refund.tender}): ${r.refund.lines
          .map((l, i) => `${escapeHtml(r.lineNames[i] ?? `line ${l.lineNo}`)} × ${l.quantity}`)
          .join(', ')}</p>`,
    )
    .join('');
  return `<div style="font-family:monospace;max-width:32em">
<h2>Receipt</h2>
<p>Till ${escapeHtml(order.terminalId)} · sale #${order.seq}<br>${escapeHtml(new Date(order.createdAt).toLocaleString())}</p>
<table style="width:100%">${lines}</table>
<p><strong>Total ${money(amounts.total)}</strong><br>incl. tax ${money(amounts.tax)}</p>
${tenders}
${refunded}
<p>Order ${escapeHtml(order.id)}<br>Status: ${escapeHtml(sale.status)}</p>
</div>`;
}
