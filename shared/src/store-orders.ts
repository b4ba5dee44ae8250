/**
 * `GET /v1/store/orders` (manager): the store's orders across every till, newest first (by when POS
 * Core received them), filtered, paged like every list (page.ts). Filters: `terminalId`, `status`,
 * `tender` (an order with at least one tender of that type), `from` / `to` (received at or after /
 * before, ISO 8601).
 */
import { z } from 'zod';
import { orderStatus, orderView, terminalId } from './order.ts';
import { cursorCodec, pageQuery, pageSchema } from './page.ts';

/** Cursors of the store's order list: [receivedAt (ISO), order id] of a page's last order. */
export const storeOrdersCursor = cursorCodec('store-orders', z.tuple([z.iso.datetime({ offset: true }), z.string().max(64)]));

export const storeOrdersQuery = pageQuery(
  storeOrdersCursor,
  {
    terminalId: terminalId.optional(),
    status: orderStatus.optional(),
    tender: z.enum(['cash', 'card']).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  },
  { defaultLimit: 50 },
);
export type StoreOrdersQuery = z.infer<typeof storeOrdersQuery>;

export const storeOrderPage = pageSchema('orders', orderView);
