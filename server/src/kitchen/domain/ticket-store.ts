/**
 * The kitchen's tickets in its database: creating or voiding an order's ticket from what is known of
 * the order, the board the display shows, bump and recall. Every change notifies the channel the
 * display feeds listen on (ticket-feed.ts), in the changing transaction — so the notice goes out on
 * commit, to every instance of the service.
 */
import type { KitchenTicket, TicketBoard, TicketItem } from '@pos/shared/kitchen';
import type { Queryable } from '../../common/db.ts';

export const TICKETS_CHANNEL = 'kitchen_tickets';

interface TicketRow {
  order_id: string;
  terminal_id: string;
  seq: number;
  status: KitchenTicket['status'];
  items: TicketItem[];
  opened_at: Date;
  bumped_at: Date | null;
}

const COLUMNS = 'order_id, terminal_id, seq, status, items, opened_at, bumped_at';

const toTicket = (r: TicketRow): KitchenTicket => ({
  orderId: r.order_id,
  terminalId: r.terminal_id,
  seq: r.seq,
  status: r.status,
  items: r.items,
  openedAt: r.opened_at.toISOString(),
  bumpedAt: r.bumped_at?.toISOString() ?? null,
});

const notify = (tx: Queryable, tenantId: string) => tx.query('SELECT pg_notify($1, $2)', [TICKETS_CHANNEL, tenantId]);

/**
 * Brings the order's ticket in line with what is known of the order (its kitchen_orders row, locked
 * by the caller's upsert; `voidedOrder` as that row says): a voided order has no live ticket; a
 * confirmed order whose lines are known and include station products has exactly one (created once;
 * the catalogue copy decides the stations).
 */
export async function reconcileTicket(tx: Queryable, tenantId: string, orderId: string, voidedOrder: boolean): Promise<void> {
  if (voidedOrder) {
    const voided = await tx.query(
      `UPDATE kitchen_tickets t SET status = 'voided', voided_at = now()
       FROM kitchen_orders o
      WHERE o.tenant_id = $1 AND o.order_id = $2 AND o.voided AND t.tenant_id = o.tenant_id AND t.order_id = o.order_id AND t.status <> 'voided'`,
      [tenantId, orderId],
    );
    if ((voided.rowCount ?? 0) > 0) await notify(tx, tenantId);
    return;
  }
  const created = await tx.query(
    `INSERT INTO kitchen_tickets (tenant_id, order_id, terminal_id, seq, items, status, opened_at)
     SELECT o.tenant_id, o.order_id, o.terminal_id, o.seq, items.list, 'open', o.confirmed_at
       FROM kitchen_orders o,
            LATERAL (SELECT jsonb_agg(jsonb_build_object('productId', m.product_id, 'name', COALESCE(m.name, m.product_id),
                                                         'quantity', (l->>'quantity')::int, 'station', m.kitchen_station) ORDER BY n) AS list
                       FROM jsonb_array_elements(o.lines) WITH ORDINALITY AS line(l, n)
                       JOIN catalogue_copy m ON m.tenant_id = o.tenant_id AND m.product_id = l->>'productId'
                                            AND m.kitchen_station IS NOT NULL) AS items
      WHERE o.tenant_id = $1 AND o.order_id = $2 AND NOT o.voided AND o.confirmed_at IS NOT NULL AND o.lines IS NOT NULL
        AND items.list IS NOT NULL
     ON CONFLICT (tenant_id, order_id) DO NOTHING`,
    [tenantId, orderId],
  );
  if ((created.rowCount ?? 0) > 0) await notify(tx, tenantId);
}

/** Open tickets oldest first, and the most recently bumped one (what "recall" brings back). */
export async function readBoard(db: Queryable, tenantId: string, limit = 200): Promise<TicketBoard> {
  const open = await db.query<TicketRow>(
    `SELECT ${COLUMNS} FROM kitchen_tickets WHERE tenant_id = $1 AND status = 'open' ORDER BY opened_at, order_id LIMIT $2`,
    [tenantId, limit],
  );
  const bumped = await db.query<TicketRow>(
    `SELECT ${COLUMNS} FROM kitchen_tickets WHERE tenant_id = $1 AND status = 'bumped' ORDER BY bumped_at DESC, order_id LIMIT 1`,
    [tenantId],
  );
  return { open: open.rows.map(toTicket), lastBumped: bumped.rows[0] ? toTicket(bumped.rows[0]) : null };
}

export type TicketMove = { kind: 'moved' | 'unchanged'; ticket: KitchenTicket } | { kind: 'not_found' } | { kind: 'voided' };

/**
 * Bump (open → bumped) or recall (bumped → open). Idempotent by target: moving a ticket that is
 * already there answers it unchanged. A voided ticket stays voided.
 */
export async function moveTicket(tx: Queryable, tenantId: string, orderId: string, to: 'bumped' | 'open'): Promise<TicketMove> {
  const current = await tx.query<TicketRow>(`SELECT ${COLUMNS} FROM kitchen_tickets WHERE tenant_id = $1 AND order_id = $2 FOR UPDATE`, [
    tenantId,
    orderId,
  ]);
  const row = current.rows[0];
  if (!row) return { kind: 'not_found' };
  if (row.status === 'voided') return { kind: 'voided' };
  if (row.status === to) return { kind: 'unchanged', ticket: toTicket(row) };
  const { rows } = await tx.query<TicketRow>(
    `UPDATE kitchen_tickets SET status = $3, bumped_at = CASE WHEN $3 = 'bumped' THEN now() ELSE NULL END
      WHERE tenant_id = $1 AND order_id = $2 RETURNING ${COLUMNS}`,
    [tenantId, orderId, to],
  );
  await notify(tx, tenantId);
  return { kind: 'moved', ticket: toTicket(rows[0] as TicketRow) };
}
