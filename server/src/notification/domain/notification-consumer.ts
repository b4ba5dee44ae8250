/**
 * The notification service's event consumer (consumer group "notification"):
 * - a receipt is emailed once an order that asked for one (order.received with receiptEmail) is
 *   confirmed — whatever order the two events are handled in (the request row merges them, its
 *   upsert locks it, so concurrent members serialize on it);
 * - a low-stock alert goes to the store's address when a product's available stock falls to its
 *   threshold or below (from above it: a crossing, not every sale below it).
 *
 * Exactly one email per receipt and per crossing: the send happens inside the inbox transaction and
 * its Message-ID is recorded in that transaction, before the event is acked; a redelivery finds the
 * event in the inbox, and another event of the same order finds the receipt sent. The window SMTP
 * leaves: if the process dies after the SMTP server accepted the message and before that transaction
 * commits, the redelivered event sends it again — with the same Message-ID (mailer.ts).
 * Addresses are never logged.
 */
import { z } from 'zod';
import type { BusEvent } from '../../common/bus/bus-event.ts';
import type { EventHandler } from '../../common/bus/event-consumer.ts';
import { applyCatalogueEvent } from '../../common/catalogue-copy/catalogue-copy.ts';
import type { PoolClient } from '../../common/db.ts';
import { lowStockMail, receiptMail } from './email-messages.ts';
import type { Mailer } from './mailer.ts';

const orderFacts = z.object({
  orderId: z.string(),
  terminalId: z.string(),
  seq: z.number().int(),
  total: z.number().int(),
  lines: z.array(z.object({ productId: z.string(), quantity: z.number().int(), unitPrice: z.number().int() })).optional(),
  receiptEmail: z.email().optional(),
});

interface RequestRow {
  email: string | null;
  terminal_id: string;
  seq: number;
  total: number;
  lines: { productId: string; quantity: number; unitPrice: number }[] | null;
  confirmed: boolean;
  sent: boolean;
}

async function sendReceiptIfDue(tx: PoolClient, mailer: Mailer, tenantId: string, orderId: string): Promise<void> {
  const { rows } = await tx.query<RequestRow>(
    `SELECT email, terminal_id, seq, total, lines, confirmed_at IS NOT NULL AS confirmed, sent_at IS NOT NULL AS sent
       FROM receipt_requests WHERE tenant_id = $1 AND order_id = $2`,
    [tenantId, orderId],
  );
  const r = rows[0];
  if (!r?.email || !r.confirmed || r.sent || !r.lines) return;
  const names = await tx.query<{ product_id: string; name: string | null }>(
    'SELECT product_id, name FROM catalogue_copy WHERE tenant_id = $1 AND product_id = ANY($2::text[])',
    [tenantId, r.lines.map((l) => l.productId)],
  );
  const nameOf = new Map(names.rows.map((n) => [n.product_id, n.name]));
  const messageId = await mailer.send(
    receiptMail(r.email, {
      orderId,
      terminalId: r.terminal_id,
      seq: r.seq,
      total: r.total,
      lines: r.lines.map((l) => ({ ...l, name: nameOf.get(l.productId) ?? l.productId })),
    }),
  );
  await tx.query('UPDATE receipt_requests SET message_id = $3, sent_at = now() WHERE tenant_id = $1 AND order_id = $2', [
    tenantId,
    orderId,
    messageId,
  ]);
}

async function handleOrder(tx: PoolClient, mailer: Mailer, event: BusEvent, orderId: string): Promise<void> {
  const parsed = orderFacts.safeParse(event.data);
  if (!parsed.success) return;
  const f = parsed.data;
  const confirmed = event.type === 'order.confirmed';
  // Every order gets a row, since its two events may come in either order; only one with an email sends.
  await tx.query(
    `INSERT INTO receipt_requests AS r (tenant_id, order_id, email, terminal_id, seq, total, lines, confirmed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8)
     ON CONFLICT (tenant_id, order_id) DO UPDATE SET
       email = COALESCE(r.email, EXCLUDED.email), lines = COALESCE(r.lines, EXCLUDED.lines),
       confirmed_at = COALESCE(r.confirmed_at, EXCLUDED.confirmed_at)`,
    [
      event.tenantId,
      orderId,
      f.receiptEmail ?? null,
      f.terminalId,
      f.seq,
      f.total,
      f.lines ? JSON.stringify(f.lines) : null,
      confirmed ? event.occurredAt : null,
    ],
  );
  await sendReceiptIfDue(tx, mailer, event.tenantId, orderId);
}

async function handleStock(tx: PoolClient, mailer: Mailer, event: BusEvent): Promise<void> {
  const change = await applyCatalogueEvent(tx, event);
  const threshold = change?.lowStockThreshold;
  if (!change || threshold === null || threshold === undefined || change.before === null) return;
  if (!(change.before > threshold && change.after <= threshold)) return;
  const contact = await tx.query<{ alert_email: string }>('SELECT alert_email FROM store_contacts WHERE tenant_id = $1', [event.tenantId]);
  const to = contact.rows[0]?.alert_email;
  if (!to) return;
  const alert = { eventId: event.id, productId: change.productId, name: change.name, available: change.after, threshold };
  const messageId = await mailer.send(lowStockMail(to, alert));
  await tx.query(
    `INSERT INTO low_stock_alerts (tenant_id, event_id, product_id, available, threshold, message_id) VALUES ($1, $2, $3, $4, $5, $6)`,
    [event.tenantId, event.id, change.productId, change.after, threshold, messageId],
  );
}

export function notificationConsumer(mailer: Mailer): EventHandler {
  return {
    group: 'notification',
    families: ['order', 'stock', 'product'],
    async handle(tx, event) {
      if (event.type === 'stock.changed' || event.type === 'product.changed') return handleStock(tx, mailer, event);
      if ((event.type === 'order.received' || event.type === 'order.confirmed') && event.correlationId) {
        return handleOrder(tx, mailer, event, event.correlationId);
      }
    },
  };
}
