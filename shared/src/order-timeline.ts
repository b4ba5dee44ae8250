/**
 * `GET /v1/orders/:id/timeline` (manager): everything that happened to one order, for support — the
 * saga's transitions, the store's events about it (POS Core's own and those relayed from Inventory and
 * Payment: reservations, payments, price mismatches) with their Lamport times and correlation id, and
 * what managers did about it (exception actions, who and when).
 */
import { z } from 'zod';
import { posEvent } from './event.ts';
import { orderView } from './order.ts';

export const sagaTransition = z.object({
  from: z.string().nullable(),
  to: z.string(),
  status: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
});

export const managerAction = z.object({
  action: z.enum(['retry', 'cancel', 'resolve']),
  note: z.string().nullable(),
  /** Who did it: the manager credential's subject. */
  by: z.string(),
  at: z.string(),
});
export type ManagerAction = z.infer<typeof managerAction>;

export const orderTimeline = z.object({
  order: orderView,
  /** The order's correlation id (every log line and event of it carries it): the order id. */
  correlationId: z.string(),
  transitions: z.array(sagaTransition),
  events: z.array(posEvent),
  actions: z.array(managerAction),
});
export type OrderTimeline = z.infer<typeof orderTimeline>;
