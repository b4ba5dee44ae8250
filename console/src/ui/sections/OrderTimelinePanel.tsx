/** One order's timeline: the order, its saga steps, its events (Lamport time, correlation id), its refunds and what managers did. */
import { formatMoney } from '@pos/shared/money';
import { useQuery } from '@tanstack/react-query';
import { ConsoleApiError } from '../../api/console-api.ts';
import { useConsoleApi } from '../console-context.ts';
import { timelineQuery } from '../queries.ts';
import { OrderRefundsList } from './OrderRefundsList.tsx';

export function OrderTimelinePanel({ orderId, onClose }: { orderId: string; onClose: () => void }) {
  const api = useConsoleApi();
  const timeline = useQuery(timelineQuery(api, orderId));
  return (
    <aside className="panel" data-testid="order-timeline" data-order-id={orderId}>
      <button type="button" className="close" onClick={onClose} aria-label="Close">
        ×
      </button>
      {timeline.isPending && <p>Loading…</p>}
      {timeline.isError && (
        <p className="bad" data-testid="timeline-error">
          {timeline.error instanceof ConsoleApiError && (timeline.error.status === 404 || timeline.error.status === 400)
            ? `No order ${orderId} in this store.`
            : timeline.error.message}
        </p>
      )}
      {timeline.data && (
        <>
          <h3>
            Order {timeline.data.order.terminalId} #{timeline.data.order.seq}{' '}
            <span data-testid="timeline-status" className="badge">
              {timeline.data.order.status}
            </span>
          </h3>
          <p>
            {formatMoney(timeline.data.order.total, timeline.data.order.currency)} · {timeline.data.order.captureMode} ·{' '}
            {timeline.data.order.tenders.map((t) => t.type).join(' + ')}
            {timeline.data.order.reason && ` · ${timeline.data.order.reason}`}
          </p>
          <p className="muted">
            Correlation id <code data-testid="timeline-correlation">{timeline.data.correlationId}</code>
          </p>
          <h4>Saga steps</h4>
          <ol>
            {timeline.data.transitions.map((t) => (
              <li key={`${t.at}-${t.to}`}>
                {new Date(t.at).toLocaleTimeString()} {t.from ?? '—'} → {t.to} ({t.status}
                {t.reason ? `: ${t.reason}` : ''})
              </li>
            ))}
          </ol>
          <h4>Events (payments, reservations, stock)</h4>
          <table>
            <thead>
              <tr>
                <th>Lamport</th>
                <th>Event</th>
                <th>At</th>
              </tr>
            </thead>
            <tbody>
              {timeline.data.events.map((e) => (
                <tr key={e.id} data-testid="timeline-event" data-type={e.type}>
                  <td>{e.lamport}</td>
                  <td>{e.type}</td>
                  <td>{new Date(e.occurredAt).toLocaleTimeString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>Refunds</h4>
          <OrderRefundsList orderId={orderId} />
          <h4>Manager actions</h4>
          {timeline.data.actions.length === 0 ? (
            <p className="muted">None.</p>
          ) : (
            <ul>
              {timeline.data.actions.map((a) => (
                <li key={`${a.at}-${a.action}`} data-testid="timeline-action" data-action={a.action}>
                  {new Date(a.at).toLocaleString()} — {a.action} by {a.by}
                  {a.note ? `: “${a.note}”` : ''}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
