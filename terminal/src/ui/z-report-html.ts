/** A Z report as HTML for the bridge's printReceipt (the receipt path). States whether it is provisional or final. */
import { formatMoney } from '@pos/shared/money';
import type { TillZReport } from '@pos/till-core/shift';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function zReportHtml(z: TillZReport, currency: string | undefined): string {
  const t = z.server?.status === 'final' ? z.server.totals : z.tillTotals;
  const money = (minor: number | null) => escapeHtml(minor === null ? '—' : formatMoney(minor, currency));
  const rows = (pairs: [string, string][]) =>
    pairs.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td style="text-align:right">${v}</td></tr>`).join('');
  return `<div style="font-family:monospace;max-width:32em">
<h2>Z report #${z.zNumber} — ${z.status === 'final' ? 'FINAL' : 'PROVISIONAL'}</h2>
<p>Till ${escapeHtml(z.terminalId)} · records ${z.openSeq}–${z.lastSeq}<br>${escapeHtml(z.openedAt ?? '')} → ${escapeHtml(z.closedAt)}</p>
<table style="width:100%">${rows([
    ['Float', money(t.float)],
    [`Sales (${t.sales.count})`, money(t.sales.total)],
    ['  of which tax', money(t.sales.tax)],
    [`Refunds (${t.refunds.count})`, money(t.refunds.total)],
    [`Discounts (${t.discounts.count})`, money(t.discounts.total)],
    ...t.byTender.map((b): [string, string] => [`${b.type} (${b.salesCount})`, money(b.net)]),
    ...t.byTaxRate.map((r): [string, string] => [
      `tax ${(r.taxRateBps / 100).toFixed(2)} %`,
      `${money(r.salesGross)} / ${money(r.salesTax)}`,
    ]),
    [`Cash in (${t.cashIn.count})`, money(t.cashIn.total)],
    [`Cash out (${t.cashOut.count})`, money(t.cashOut.total)],
    ['No sales', String(t.noSales)],
    ['Expected cash', money(t.expectedCash)],
    ['Counted', money(t.counted)],
    ['Difference', money(t.difference)],
  ])}</table>
${z.differences.length > 0 ? `<p>Till and server differ on: ${escapeHtml(z.differences.join(', '))}</p>` : ''}
</div>`;
}
