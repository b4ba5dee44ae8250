/**
 * The notification service's event consumer (consumer group "notification"). It sends nothing: inside
 * the inbox transaction it only RECORDS the mails due, rendered and with their deterministic Message-ID,
 * and pokes the mail dispatcher after the commit (mail-dispatcher.ts sends them, one row per transaction):
 * - a receipt is due once an order that asked for one (order.received with receiptEmail) is confirmed
 *   — whatever order the two events are handled in (the request row merges them, its upsert locks it,
 *   so concurrent members serialize on it), and it becomes due once ('waiting' → 'due');
 * - a low-stock alert to the store's address is due when a product's available stock falls to its
 *   threshold or below (from above it: a crossing, not every sale below it), one per crossing event.
 *
 * A batch of events is one transaction (event-consumer.ts): since no SMTP send happens in it, a crash
 * mid-batch or a failing event that rolls the batch back re-sends nothing; the inbox makes the records
 * once per event. Addresses are never logged.
 */
import { currency } from '@pos/shared/order';
import { z } from 'zod';
import type { BusEvent } from '../../common/bus/bus-event.ts';
import type { EventHandler } from '../../common/bus/event-consumer.ts';
import { applyCatalogueEvent } from '../../common/catalogue-copy/catalogue-copy.ts';
import type { PoolClient } from '../../common/db.ts';
import { lowStockMail, receiptMail } from './email-messages.ts';

const orderFacts = z.object({
  orderId: z.string(),
  terminalId: z.string(),
  seq: z.number().int(),
  total: z.number().int(),
  /** The currency of the order's amounts; absent from events recorded before they carried it. */
  currency: currency.optional(),
  lines: z.array(z.object({ productId: z.string(), quantity: z.number().int(), unitPrice: z.number().int() })).optional(),
  receiptEmail: z.email().optional(),
});

interface RequestRow {
  email: string | null;
  terminal_id: string;
  seq: number;
  total: number;
  currency: string | null;
  lines: { productId: string; quantity: number; unitPrice: number }[] | null;
  confirmed: boolean;
  status: 'waiting' | 'due' | 'sent';
}

export interface NotificationConsumerOptions {
  /** The Message-ID of a mail about a key (Mailer.messageIdFor). */
  messageIdFor(messageKey: string): string;
  /** After a commit that may have made mail due. */
  onMailDue(): void;
}

async function recordReceiptIfDue(tx: PoolClient, options: NotificationConsumerOptions, tenantId: string, orderId: string): Promise<void> {
  const { rows } = await tx.query<RequestRow>(
    `SELECT email, terminal_id, seq, total, currency, lines, confirmed_at IS NOT NULL AS confirmed, status
       FROM receipt_requests WHERE tenant_id = $1 AND order_id = $2`,
    [tenantId, orderId],
  );
  const r = rows[0];
  if (!r?.email || !r.confirmed || r.status !== 'waiting' || !r.lines) return;
  const names = await tx.query<{ product_id: string; name: string | null }>(
    'SELECT product_id, name FROM catalogue_copy WHERE tenant_id = $1 AND product_id = ANY($2::text[])',
    [tenantId, r.lines.map((l) => l.productId)],
  );
  const nameOf = new Map(names.rows.map((n) => [n.product_id, n.name]));
  const mail = receiptMail(r.email, {
    orderId,
    terminalId: r.terminal_id,
    seq: r.seq,
    total: r.total,
    currency: r.currency,
    lines: r.lines.map((l) => ({ ...l, name: nameOf.get(l.productId) ?? l.productId })),
  });
  await tx.query(
    `UPDATE receipt_requests SET status = 'due', message_id = $3, mail_subject = $4, mail_text = $5, due_at = now(), retry_at = now()
      WHERE tenant_id = $1 AND order_id = $2`,
    [tenantId, orderId, options.messageIdFor(mail.messageKey), mail.subject, mail.text],
  );
}

async function handleOrder(tx: PoolClient, options: NotificationConsumerOptions, event: BusEvent, orderId: string): Promise<void> {
  const parsed = orderFacts.safeParse(event.data);
  if (!parsed.success) return;
  const f = parsed.data;
  const confirmed = event.type === 'order.confirmed';
  // Every order gets a row, since its two events may come in either order; only one with an email is mailed.
  await tx.query(
    `INSERT INTO receipt_requests AS r (tenant_id, order_id, email, terminal_id, seq, total, lines, confirmed_at, currency)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8, $9)
     ON CONFLICT (tenant_id, order_id) DO UPDATE SET
       email = COALESCE(r.email, EXCLUDED.email), lines = COALESCE(r.lines, EXCLUDED.lines),
       currency = COALESCE(r.currency, EXCLUDED.currency),
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
      f.currency ?? null,
    ],
  );
  await recordReceiptIfDue(tx, options, event.tenantId, orderId);
}

async function handleStock(tx: PoolClient, options: NotificationConsumerOptions, event: BusEvent): Promise<void> {
  const change = await applyCatalogueEvent(tx, event);
  const threshold = change?.lowStockThreshold;
  if (!change || threshold === null || threshold === undefined || change.before === null) return;
  if (!(change.before > threshold && change.after <= threshold)) return;
  const contact = await tx.query<{ alert_email: string }>('SELECT alert_email FROM store_contacts WHERE tenant_id = $1', [event.tenantId]);
  const to = contact.rows[0]?.alert_email;
  if (!to) return;
  const mail = lowStockMail(to, { eventId: event.id, productId: change.productId, name: change.name, available: change.after, threshold });
  await tx.query(
    `INSERT INTO low_stock_alerts
       (tenant_id, event_id, product_id, available, threshold, message_id, status, email, mail_subject, mail_text, due_at, retry_at)
     VALUES ($1, $2, $3, $4, $5, $6, 'due', $7, $8, $9, now(), now())`,
    [
      event.tenantId,
      event.id,
      change.productId,
      change.after,
      threshold,
      options.messageIdFor(mail.messageKey),
      to,
      mail.subject,
      mail.text,
    ],
  );
}

export function notificationConsumer(options: NotificationConsumerOptions): EventHandler {
  return {
    group: 'notification',
    families: ['order', 'stock', 'product'],
    async handle(tx, event) {
      if (event.type === 'stock.changed' || event.type === 'product.changed') return handleStock(tx, options, event);
      if ((event.type === 'order.received' || event.type === 'order.confirmed') && event.correlationId) {
        return handleOrder(tx, options, event, event.correlationId);
      }
    },
    afterCommit: () => options.onMailDue(),
  };
}
