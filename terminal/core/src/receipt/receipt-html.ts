/**
 * A receipt as HTML (the system printer's path, and what the print window shows): the receipt body
 * only — the page around it is the platform's (Electron's locked-down print document, the browser's
 * print frame). Its order number is an inline SVG QR code, so the body loads nothing.
 */
import { renderSVG } from 'uqr';
import { escapeHtml } from './escape-html.ts';
import type { Receipt } from './receipt.ts';

export function receiptHtml(receipt: Receipt): string {
  const lines = receipt.lines
    .map(
      (l) =>
        `<tr><td>${escapeHtml(l.name)}</td><td>${escapeHtml(l.detail)}</td><td style="text-align:right">${escapeHtml(l.amount)}</td></tr>`,
    )
    .join('');
  const tenders = receipt.tenders.map((t) => `<p>${escapeHtml(t)}</p>`).join('');
  const refunds = receipt.refunds.map((r) => `<p data-receipt="refund">${escapeHtml(r)}</p>`).join('');
  const copy = receipt.copy ? '<p data-receipt="copy" style="font-weight:bold;border:2px solid #000;text-align:center">COPY</p>' : '';
  return `<div data-receipt="body" style="font-family:monospace;max-width:32em">
${copy}<h2>Receipt</h2>
<p>${escapeHtml(receipt.heading)}<br>${escapeHtml(receipt.madeAt)}</p>
<table style="width:100%">${lines}</table>
${receipt.discount ? `<p>Discount ${escapeHtml(receipt.discount)}</p>` : ''}
<p><strong>Total ${escapeHtml(receipt.total)}</strong><br>${escapeHtml(receipt.taxNote)}</p>
${receipt.cashRounding ? `<p>Cash rounding ${escapeHtml(receipt.cashRounding)}</p>` : ''}
${tenders}
${refunds}
<p>Status: ${escapeHtml(receipt.status)}</p>
<div data-receipt="order-number" style="width:10em">${renderSVG(receipt.orderNumber, { border: 2 })}</div>
<p>Order ${escapeHtml(receipt.orderNumber)}</p>
</div>`;
}
