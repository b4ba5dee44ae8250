/**
 * Events written to each service's transactional outbox and streamed by POS Core's
 * `GET /v1/events` (SSE; the SSE id is `id`, so `Last-Event-ID` resumes after it).
 */
import { z } from 'zod';
import { pageSchema } from './page.ts';

export const eventType = z.enum([
  'order.received',
  'order.reserved',
  'order.authorized',
  'order.captured',
  'order.confirmed',
  'order.declined',
  'order.rejected',
  'order.cancelled',
  'order.price_mismatch',
  /** The till priced a sale otherwise than the store's current rules would (discounts, tax, rounding, cap). */
  'order.pricing_mismatch',
  /** A refund of the order completed (correlationId = the order id; data = the refund view). */
  'order.refunded',
  'stock.changed',
  'stock.discrepancy',
  'product.changed',
  'product.deleted',
  'payment.authorized',
  'payment.captured',
  'payment.voided',
  'payment.refunded',
  'payment.declined',
  /**
   * A manager changed the store's settings (`PUT /v1/store/settings`; data = the settings now in force): every
   * till re-reads its store profile (`GET /v1/store`). Added in protocol 1.2 (a reader of 1.1 skips it).
   */
  'store.settings_changed',
  /** A manager asked this till (correlationId = its terminal id) to rotate its token: it rotates itself. */
  'terminal.rotation_requested',
]);
export type EventType = z.infer<typeof eventType>;

export const posEvent = z.object({
  id: z.string(),
  type: eventType,
  /** The order id when the event belongs to an order; the correlation id of logs too. */
  correlationId: z.string().nullable(),
  lamport: z.number().int(),
  occurredAt: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type PosEvent = z.infer<typeof posEvent>;

/** Inventory's and Payment's `GET /v1/events`: one page of the store's events, in feed order. */
export const eventPage = pageSchema('events', posEvent);
