/** A refund's receipt as HTML for the bridge's printReceipt. States the refund's real status (G4). */
import { formatMoney } from '@pos/shared/money';
import type { RefundRecord } from '../outbox/outbox-record.ts';
import { escapeHtml } from './escape-html.ts';

const REFUND_STATUS: Record<RefundRecord['status'], string> = {
  queued: 'recorded on this till, not sent yet',
  sending: 'sending',
  pending: 'being processed',
  confirmed: 'refunded',
  declined: 'refused by the card processor',
  rejected: 'not accepted',
  cancelled: 'cancelled',
  needs_attention: 'refused',
};

export function refundReceiptHtml(record: RefundRecord): string {
  const { refund } = record;
  const money = (minor: number) => escapeHtml(formatMoney(minor, record.currency));
  const lines = refund.lines
    .map(
      (l, i) =>
        `<tr><td>${escapeHtml(record.lineNames[i] ?? `line ${l.lineNo}`)}</td><td>× ${l.quantity}</td><td>${l.restock ? 'back to stock' : 'written off'}</td></tr>`,
    )
    .join('');
  return `<div style="font-family:monospace;max-width:32em">
<h2>Refund</h2>
<p>Till ${escapeHtml(refund.terminalId)} · refund #${refund.seq}<br>${escapeHtml(new Date(refund.createdAt).toLocaleString())}</p>
<p>For order ${escapeHtml(refund.orderId)}</p>
<table style="width:100%">${lines}</table>
<p><strong>Refunded ${money(refund.amount)}</strong> ${refund.tender === 'card' ? 'to the original card' : 'in cash'}</p>
<p>Reason: ${escapeHtml(refund.reason)}<br>Status: ${escapeHtml(REFUND_STATUS[record.status])}</p>
</div>`;
}
