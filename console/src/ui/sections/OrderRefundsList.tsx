/**
 * An order's refunds as POS Core recorded them, oldest first: each with its till and seq, amount, tender and
 * status — a refused one (POS Core refused the request) and a failed one (Payment refused the card) show as
 * such, with the reason, and gave nothing back.
 */
import { formatMoney } from '@pos/shared/money';
import { useQuery } from '@tanstack/react-query';
import { useConsoleApi } from '../console-context.ts';
import { orderRefundsQuery } from '../queries.ts';

export function OrderRefundsList({ orderId }: { orderId: string }) {
  const api = useConsoleApi();
  const refunds = useQuery(orderRefundsQuery(api, orderId));
  if (refunds.isPending) return <p>Loading…</p>;
  if (refunds.isError) return <p className="bad">{refunds.error.message}</p>;
  if (refunds.data.refunds.length === 0) return <p className="muted">None.</p>;
  return (
    <ul>
      {refunds.data.refunds.map((r) => (
        <li key={r.id} data-testid="timeline-refund" data-status={r.status}>
          {r.terminalId} #{r.seq} — {formatMoney(r.amount, r.currency)} {r.tender} <span className="badge">{r.status}</span>
          {r.statusReason ? ` · ${r.statusReason}` : ''}
          {r.discrepancy ? ` · ${r.discrepancy}` : ''}
        </li>
      ))}
    </ul>
  );
}
