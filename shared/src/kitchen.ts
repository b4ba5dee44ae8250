/** The kitchen service's tickets (server/src/kitchen): what the kitchen display shows and changes. */
import { z } from 'zod';

export const ticketStatus = z.enum(['open', 'bumped', 'voided']);
export type TicketStatus = z.infer<typeof ticketStatus>;

export const ticketItem = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  station: z.string(),
});
export type TicketItem = z.infer<typeof ticketItem>;

/** One confirmed order's items to prepare (only lines whose product has a kitchen station). */
export const kitchenTicket = z.object({
  orderId: z.string(),
  terminalId: z.string(),
  seq: z.number().int(),
  status: ticketStatus,
  items: z.array(ticketItem),
  /** When the order was confirmed: the ticket's age counts from here. */
  openedAt: z.string(),
  bumpedAt: z.string().nullable(),
});
export type KitchenTicket = z.infer<typeof kitchenTicket>;

/** `GET /v1/tickets` and each SSE `tickets` message: open tickets oldest first, and the last bumped one. */
export const ticketBoard = z.object({
  open: z.array(kitchenTicket),
  lastBumped: kitchenTicket.nullable(),
});
export type TicketBoard = z.infer<typeof ticketBoard>;
