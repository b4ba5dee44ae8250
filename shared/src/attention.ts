/**
 * Sales that need a manager's attention (`GET /v1/store/attention`, manager), and what a manager can
 * do about one. An order is listed while no manager resolved it and it is
 *   - `stuck`: still pending after `attemptsBeforeAttention` failed saga attempts (a service it needs
 *     keeps failing), actions: retry now, cancel and compensate, resolve with a note;
 *   - `offline_sale_failed`: sold offline (goods already left) but ended declined or rejected;
 *   - `price_mismatch`: a line was sold at another price than the catalogue's;
 *   - `refund_discrepancy`: a refund of it is flagged (an offline cash refund beyond what remained, over the
 *     store's limit or at another amount) or Payment refused its card refund (`GET /v1/store/refund-discrepancies`).
 * The last two: resolve with a note. Every action takes an `Idempotency-Key` (DESIGN §4) and is
 * recorded with the manager who did it (order-timeline.ts `actions`).
 */
import { z } from 'zod';
import { orderStatus, terminalId } from './order.ts';
import { cursorCodec, pageQuery, pageSchema } from './page.ts';

export const attentionKind = z.enum(['stuck', 'offline_sale_failed', 'price_mismatch', 'refund_discrepancy']);
export type AttentionKind = z.infer<typeof attentionKind>;

export const attentionItem = z.object({
  orderId: z.string(),
  /** Why the order is listed (one or more). */
  kinds: z.array(attentionKind).min(1),
  terminalId,
  seq: z.number().int(),
  status: orderStatus,
  reason: z.string().nullable(),
  total: z.number().int(),
  currency: z.string(),
  attempts: z.number().int(),
  receivedAt: z.string(),
  /** price_mismatch: the lines sold at another price than the catalogue's. */
  mismatches: z.array(
    z.object({ lineNo: z.number().int(), productId: z.string(), unitPrice: z.number().int(), catalogPrice: z.number().int() }),
  ),
});
export type AttentionItem = z.infer<typeof attentionItem>;

/** Cursors of the attention list: the receivedAt (ISO) and id of a page's last order. */
export const attentionCursor = cursorCodec('attention', z.tuple([z.iso.datetime({ offset: true }), z.string().max(64)]));
export const attentionQuery = pageQuery(attentionCursor, {}, { defaultLimit: 50 });
export const attentionPage = pageSchema('items', attentionItem);

export const ATTEMPTS_BEFORE_ATTENTION = 3;

/** `POST /v1/store/attention/:orderId/resolve`. */
export const resolveRequest = z.strictObject({ note: z.string().trim().min(1).max(1000) });
/** `POST …/retry` and `…/cancel` take an empty object. */
export const emptyActionRequest = z.strictObject({});
