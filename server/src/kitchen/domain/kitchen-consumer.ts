/**
 * The kitchen's event consumer (consumer group "kitchen"): keeps its copy of the catalogue (names,
 * stations) from Inventory's product events and what it knows of each order from POS Core's order events and Payment's refunds, then
 * reconciles the order's ticket (ticket-store.ts). Each event's facts are merged into the order's row
 * (an upsert, which also locks it), so the outcome does not depend on the order in which the events
 * of one order are handled — members of the group may handle them concurrently, or out of order after
 * a takeover. Redeliveries never reach here twice (the inbox, common/bus/event-consumer.ts).
 */
import { z } from 'zod';
import type { BusEvent } from '../../common/bus/bus-event.ts';
import type { EventHandler } from '../../common/bus/event-consumer.ts';
import { applyCatalogueEvent } from '../../common/catalogue-copy/catalogue-copy.ts';
import type { PoolClient } from '../../common/db.ts';
import { reconcileTicket } from './ticket-store.ts';

const orderFacts = z.object({
  orderId: z.string(),
  terminalId: z.string(),
  seq: z.number().int(),
  lines: z.array(z.object({ productId: z.string(), quantity: z.number().int() })).optional(),
});

/** Order events that end an order without a sale (or undo it): its ticket must not stay live. */
/**
 * The events that take an order's ticket off the kitchen's board: the order will not be sold. A refund
 * (`payment.refunded`, `order.refunded`) is not one: compensation comes with the order's own cancel,
 * decline or rejection, and a customer's refund of a confirmed sale happens after the food was ordered.
 */
const VOIDING = new Set(['order.cancelled', 'order.declined', 'order.rejected']);

async function mergeOrder(
  tx: PoolClient,
  tenantId: string,
  orderId: string,
  facts: { terminalId?: string; seq?: number; lines?: unknown; confirmedAt?: string; voided?: boolean },
): Promise<void> {
  const { rows } = await tx.query<{ ticket_due: boolean; voided: boolean }>(
    `INSERT INTO kitchen_orders AS o (tenant_id, order_id, terminal_id, seq, lines, confirmed_at, voided)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, COALESCE($7, false))
     ON CONFLICT (tenant_id, order_id) DO UPDATE SET
       terminal_id = COALESCE(EXCLUDED.terminal_id, o.terminal_id),
       seq = COALESCE(EXCLUDED.seq, o.seq),
       lines = COALESCE(EXCLUDED.lines, o.lines),
       confirmed_at = COALESCE(o.confirmed_at, EXCLUDED.confirmed_at),
       voided = o.voided OR EXCLUDED.voided
     RETURNING (confirmed_at IS NOT NULL AND lines IS NOT NULL AND NOT voided) AS ticket_due, voided`,
    [
      tenantId,
      orderId,
      facts.terminalId ?? null,
      facts.seq ?? null,
      facts.lines === undefined ? null : JSON.stringify(facts.lines),
      facts.confirmedAt ?? null,
      facts.voided ?? null,
    ],
  );
  // Nothing to reconcile while an order is neither ready for a ticket nor voided (its first event).
  const order = rows[0];
  if (order?.ticket_due || order?.voided) await reconcileTicket(tx, tenantId, orderId, order.voided);
}

async function handle(tx: PoolClient, event: BusEvent): Promise<void> {
  if (event.type === 'product.changed') {
    await applyCatalogueEvent(tx, event);
    return;
  }
  const orderId = event.correlationId;
  if (!orderId) return;
  if (event.type === 'order.received' || event.type === 'order.confirmed') {
    const parsed = orderFacts.safeParse(event.data);
    if (!parsed.success) return;
    const { terminalId, seq, lines } = parsed.data;
    await mergeOrder(tx, event.tenantId, orderId, {
      terminalId,
      seq,
      ...(lines ? { lines } : {}),
      ...(event.type === 'order.confirmed' ? { confirmedAt: event.occurredAt } : {}),
    });
    return;
  }
  if (VOIDING.has(event.type)) await mergeOrder(tx, event.tenantId, orderId, { voided: true });
}

export const kitchenConsumer: EventHandler = {
  group: 'kitchen',
  families: ['order', 'product', 'payment'],
  handle,
};
