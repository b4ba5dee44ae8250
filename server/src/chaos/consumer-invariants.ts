/**
 * The event consumers' invariants after any faults have healed (issue 16), checked against the
 * sources of truth — POS Core's orders and outbox, Inventory's catalogue — not against what the
 * consumers believe:
 *   K1  every confirmed order with kitchen-station lines has exactly one ticket, open or bumped;
 *   K2  no order that ended without a sale (cancelled, declined, rejected) has a live ticket, and no
 *       order without station lines has a ticket at all;
 *   N1  every confirmed order that asked for a receipt got exactly one receipt email (by Message-ID),
 *       and no other order got one. The one exception is the window SMTP itself leaves (see
 *       notification/domain/mail-dispatcher.ts): a notification process killed after the mail server
 *       took a message and before its "sent" commit sends it again after the restart, with the same
 *       Message-ID. A second copy counts as that window only when a kill of the notification process
 *       came within SMTP_WINDOW_MS of the first copy's arrival and before the second copy; any other
 *       copy is a violation.
 * Returns the violations (empty when all hold).
 */

import type { Queryable } from '../common/db.ts';
import type { CapturedMail } from '../dev-mail/dev-mail-server.ts';

export interface ConsumerWorld {
  posCore: Queryable;
  inventory: Queryable;
  kitchen: Queryable;
  mails: readonly CapturedMail[];
  /** When (epoch ms) the notification process was SIGKILLed, if ever. */
  notificationKills?: readonly number[];
}

/** How close to a kill the first copy of a mail sent twice must have arrived to be the SMTP window. */
export const SMTP_WINDOW_MS = 250;

/** Copies of one message beyond the first that a kill in the SMTP window explains. */
function copiesFromTheSmtpWindow(arrivals: readonly number[], kills: readonly number[]): number {
  const sorted = [...arrivals].sort((a, b) => a - b);
  let explained = 0;
  for (let k = 1; k < sorted.length; k++) {
    const previous = sorted[k - 1] ?? 0;
    const copy = sorted[k] ?? 0;
    if (kills.some((kill) => Math.abs(previous - kill) <= SMTP_WINDOW_MS && kill < copy)) explained += 1;
  }
  return explained;
}

export async function checkConsumerInvariants(world: ConsumerWorld): Promise<string[]> {
  const violations: string[] = [];
  const stations = await world.inventory.query<{ tenant_id: string; id: string }>(
    'SELECT tenant_id, id FROM products WHERE kitchen_station IS NOT NULL',
  );
  const isStation = new Set(stations.rows.map((p) => `${p.tenant_id}/${p.id}`));
  const orders = await world.posCore.query<{ tenant_id: string; id: string; status: string; products: string[] }>(
    `SELECT o.tenant_id, o.id, o.status, array_agg(l.product_id) AS products
       FROM orders o JOIN order_lines l ON l.tenant_id = o.tenant_id AND l.order_id = o.id
      GROUP BY o.tenant_id, o.id, o.status`,
  );
  const tickets = await world.kitchen.query<{ tenant_id: string; order_id: string; status: string }>(
    'SELECT tenant_id, order_id, status FROM kitchen_tickets',
  );
  const ticketsOf = new Map<string, string[]>();
  for (const t of tickets.rows)
    ticketsOf.set(`${t.tenant_id}/${t.order_id}`, [...(ticketsOf.get(`${t.tenant_id}/${t.order_id}`) ?? []), t.status]);

  for (const o of orders.rows) {
    const key = `${o.tenant_id}/${o.id}`;
    const kitchenOrder = o.products.some((p) => isStation.has(`${o.tenant_id}/${p}`));
    const own = ticketsOf.get(key) ?? [];
    const live = own.filter((s) => s === 'open' || s === 'bumped');
    if (o.status === 'confirmed' && kitchenOrder && (own.length !== 1 || live.length !== 1)) {
      violations.push(`K1 confirmed kitchen order ${key} has tickets [${own.join(', ')}]`);
    }
    if (['cancelled', 'declined', 'rejected'].includes(o.status) && live.length > 0) {
      violations.push(`K2 ${o.status} order ${key} has a live ticket`);
    }
    if (!kitchenOrder && own.length > 0) violations.push(`K2 order ${key} without station lines has a ticket`);
  }

  const requested = await world.posCore.query<{ id: string; status: string }>(
    `SELECT o.id, o.status FROM outbox e JOIN orders o ON o.tenant_id = e.tenant_id AND o.id = e.correlation_id
      WHERE e.type = 'order.received' AND e.payload ? 'receiptEmail'`,
  );
  const arrivals = new Map<string, number[]>();
  for (const m of world.mails) {
    const orderId = /^<receipt\.(.+)@[^>]+>$/.exec(m.messageId ?? '')?.[1];
    if (orderId) arrivals.set(orderId, [...(arrivals.get(orderId) ?? []), Date.parse(m.receivedAt)]);
  }
  const receipts = new Map<string, number>();
  for (const [id, times] of arrivals) receipts.set(id, times.length - copiesFromTheSmtpWindow(times, world.notificationKills ?? []));
  const shouldHave = new Set(requested.rows.filter((r) => r.status === 'confirmed').map((r) => r.id));
  for (const id of shouldHave) {
    const n = receipts.get(id) ?? 0;
    if (n !== 1) violations.push(`N1 receipt of confirmed order ${id} sent ${n} times`);
  }
  for (const [id, n] of receipts)
    if (!shouldHave.has(id)) violations.push(`N1 order ${id} got ${n} receipt(s) without a confirmed request`);
  return violations;
}
