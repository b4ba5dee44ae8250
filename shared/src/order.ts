/**
 * The order as it travels between the till and POS Core (DESIGN §4). Strict: unknown fields are refused.
 */
import { z } from 'zod';
import { UUID_PATTERN } from './ids.ts';
import { LIMITS } from './limits.ts';
import { pageSchema } from './page.ts';
import { discount, discounts } from './pricing/discount.ts';
import { pricingSettings } from './pricing/pricing-settings.ts';

export const orderId = z.string().regex(UUID_PATTERN, 'must be a lowercase UUID');
export const terminalId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"');
export const productId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, ".", "_" or "-"');
/** Card data never enters this system: only processor tokens. */
export const cardToken = z.string().regex(/^tok_[a-z0-9_]{1,60}$/, 'must be a card token (tok_…); card numbers are never accepted');
export const currency = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code');
const minor = (max: number) => z.number().int().min(0).max(max);

export const orderLine = z.strictObject({
  productId,
  quantity: z.number().int().min(1).max(LIMITS.maxQuantity),
  unitPrice: minor(LIMITS.maxUnitPrice),
  taxRateBps: z.number().int().min(0).max(LIMITS.maxTaxRateBps),
});
export type OrderLine = z.infer<typeof orderLine>;

export const cashTender = z.strictObject({
  type: z.literal('cash'),
  amount: minor(LIMITS.maxUnitPrice * LIMITS.maxQuantity),
  received: minor(LIMITS.maxUnitPrice * LIMITS.maxQuantity),
});
export const cardTender = z.strictObject({
  type: z.literal('card'),
  amount: minor(LIMITS.maxUnitPrice * LIMITS.maxQuantity),
  cardToken,
});
export const tender = z.discriminatedUnion('type', [cashTender, cardTender]);
export type Tender = z.infer<typeof tender>;

export const captureMode = z.enum(['online', 'offline']);
export type CaptureMode = z.infer<typeof captureMode>;

export const orderSubmission = z.strictObject({
  id: orderId,
  terminalId,
  seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  createdAt: z.iso.datetime({ offset: true }),
  lamport: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  captureMode,
  currency,
  priceListVersion: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  lines: z.array(orderLine).min(1).max(LIMITS.maxLinesPerOrder),
  tenders: z.array(tender).min(1).max(LIMITS.maxTendersPerOrder),
  total: minor(LIMITS.maxUnitPrice * LIMITS.maxQuantity * LIMITS.maxLinesPerOrder),
  /**
   * Where the customer wants the receipt emailed (entered by the cashier; optional). The store's data:
   * it travels in the order's `order.received` event to the notification service, never into logs.
   */
  receiptEmail: z.email().max(254).optional(),
  /** The cashier's discounts (pricing/discount.ts); absent: none. */
  discounts: discounts.optional(),
  /** The store's pricing rules the till priced the sale with; absent: LEGACY_PRICING (tax included, no cash rounding). */
  pricing: pricingSettings.optional(),
  /** The signed cash rounding the till applied (tenders add up to total + cashRounding); absent: 0. */
  cashRounding: z.number().int().min(-100_000).max(100_000).optional(),
  /** The staff member signed in at the till when it was sold (shared/src/staff.ts); absent where the store has no staff. */
  staffId: z.string().regex(UUID_PATTERN, 'must be a lowercase UUID').optional(),
});
export type OrderSubmission = z.infer<typeof orderSubmission>;

export const orderBatch = z.strictObject({
  orders: z.array(z.unknown()).min(1).max(LIMITS.maxOrdersPerBatch),
});

export const orderStatus = z.enum(['pending', 'confirmed', 'declined', 'rejected', 'cancelled']);
export type OrderStatus = z.infer<typeof orderStatus>;
export const FINAL_STATUSES: readonly OrderStatus[] = ['confirmed', 'declined', 'rejected', 'cancelled'];

/** The order as POS Core answers it. */
export const orderView = z.object({
  id: orderId,
  status: orderStatus,
  /** Why the order is declined / rejected / cancelled, or what the saga waits for. */
  reason: z.string().nullable(),
  terminalId,
  seq: z.number().int(),
  captureMode,
  currency,
  priceListVersion: z.number().int(),
  total: z.number().int(),
  tax: z.number().int(),
  /**
   * The lines at the till's prices (the sale keeps them). `catalogPrice`: the catalogue's price of the
   * product when Inventory reserved its stock, whether or not it equals `unitPrice` (a difference is
   * recorded as an `order.price_mismatch` event, never refused); null until the stock is reserved or
   * when the catalogue does not offer the product.
   */
  lines: z.array(
    orderLine.extend({
      lineNo: z.number().int(),
      tax: z.number().int(),
      catalogPrice: z.number().int().nullable(),
      /** What the line's own discount and its share of the order discount took off it. */
      discount: z.number().int(),
    }),
  ),
  tenders: z.array(tender),
  /** The discounts as the till gave them, the rules it priced with, and its cash rounding. */
  discounts: z.array(discount),
  pricing: pricingSettings,
  cashRounding: z.number().int(),
  createdAt: z.string(),
  receivedAt: z.string(),
  lamport: z.number().int(),
  /** Who sold it (the till's signed-in staff member), null when no one was signed in. */
  staffId: z.string().nullable().optional(),
});
export type OrderView = z.infer<typeof orderView>;

/** POS Core's answer to submitting, reading or cancelling one order. */
export const orderAnswer = z.object({ order: orderView });

/**
 * The part of an order a till follows (id, status, reason): what the till parses POS Core's order
 * answers with, so a field the till does not read can never stall its queue.
 */
export const orderProgress = orderView.pick({ id: true, status: true }).extend({ reason: z.string().nullable().optional() });
export type OrderProgress = z.infer<typeof orderProgress>;
export const orderProgressAnswer = z.object({ order: orderProgress });

/** `GET /v1/orders?terminalId=`: one page of a till's orders, in seq order. */
export const orderPage = pageSchema('orders', orderView);

export const batchResult = z.union([
  z.object({ id: z.string(), status: orderStatus, replayed: z.boolean() }),
  z.object({ id: z.string().nullable(), error: z.record(z.string(), z.unknown()) }),
]);
export type BatchResult = z.infer<typeof batchResult>;

/** POS Core's answer to `POST /v1/orders/batch`: one result per item, in the request's order. */
export const batchAnswer = z.object({ results: z.array(batchResult) });
