/** `GET /v1/orders/:id/timeline` (shared/src/order-timeline.ts): an order's saga transitions, events and managers' actions. */
import type { ManagerAction, OrderTimeline } from '@pos/shared/order-timeline';
import type { Queryable } from '../../common/db.ts';
import { readCorrelatedEvents } from '../../common/outbox.ts';
import { loadOrderView } from './order-view.ts';

/** More than any order's saga writes; bounds the answer. */
const MAX_EVENTS = 500;

export async function loadOrderTimeline(db: Queryable, tenantId: string, orderId: string): Promise<OrderTimeline | null> {
  const order = await loadOrderView(db, tenantId, orderId);
  if (!order) return null;
  const [transitions, events, actions] = await Promise.all([
    db.query<{ from_state: string | null; to_state: string; status: string; reason: string | null; at: Date }>(
      'SELECT from_state, to_state, status, reason, at FROM order_transitions WHERE tenant_id = $1 AND order_id = $2 ORDER BY id',
      [tenantId, orderId],
    ),
    readCorrelatedEvents(db, tenantId, orderId, MAX_EVENTS),
    db.query<{ action: ManagerAction['action']; note: string | null; actor: string; at: Date }>(
      'SELECT action, note, actor, at FROM order_actions WHERE tenant_id = $1 AND order_id = $2 ORDER BY id',
      [tenantId, orderId],
    ),
  ]);
  return {
    order,
    correlationId: orderId,
    transitions: transitions.rows.map((t) => ({
      from: t.from_state,
      to: t.to_state,
      status: t.status,
      reason: t.reason,
      at: t.at.toISOString(),
    })),
    events,
    actions: actions.rows.map((a) => ({ action: a.action, note: a.note, by: a.actor, at: a.at.toISOString() })),
  };
}
