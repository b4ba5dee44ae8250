/**
 * Payment's API, called only by POS Core's saga (service credential).
 * Every call carries `Idempotency-Key: <orderId>:authorize | :capture | :void | :refund` (for card part
 * k > 1: `<orderId>:<step>:k`, cardPartKey of http.ts).
 *
 * An order paid by several cards has one payment per card part: part k is the order's k-th card tender.
 * Every request names its part; absent, it is part 1 (so a single-card order's calls read as before).
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { cardToken, currency, orderId } from './order.ts';
import { pageSchema } from './page.ts';

const amount = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/** A card part of an order: 1 … LIMITS.maxCardParts. */
export const cardPart = z.number().int().min(1).max(LIMITS.maxCardParts);
const part = cardPart.optional();

/**
 * `capture: true` (absent: false): authorize and capture in one call — an approved answer is recorded
 * captured at once (the whole amount); a decline is recorded as without it. For a sale paid by one card.
 */
export const authorizeRequest = z.strictObject({ orderId, amount, currency, cardToken, part, capture: z.boolean().optional() });
export const captureRequest = z.strictObject({ amount, part });
export const refundRequest = z.strictObject({ amount, part });
export const voidRequest = z.strictObject({ part });

export const paymentStatus = z.enum(['authorized', 'captured', 'voided', 'refunded', 'declined', 'failed']);
export type PaymentStatus = z.infer<typeof paymentStatus>;

export const payment = z.object({
  id: z.string(),
  orderId,
  /** The card part this payment is (1 for a single-card order); absent from an older Payment: 1. */
  part: cardPart.default(1),
  status: paymentStatus,
  amount: z.number().int(),
  capturedAmount: z.number().int(),
  refundedAmount: z.number().int(),
  /** For declined / failed: the processor's reason (e.g. "insufficient_funds"). */
  declineReason: z.string().nullable().optional(),
});
export type Payment = z.infer<typeof payment>;

/** Payment's answer to authorize, capture, void and refund. */
export const paymentAnswer = z.object({ payment });
export type PaymentAnswer = z.infer<typeof paymentAnswer>;

/** `GET /v1/payments?orderId=`: one page of the store's payments (of one order when `orderId` is given), by payment id. */
export const paymentPage = pageSchema('payments', payment);

/** Test card tokens of the simulated processor (DESIGN §4). */
export const TEST_CARD_TOKENS = {
  approve: 'tok_visa',
  decline: 'tok_declined',
  insufficientFunds: 'tok_insufficient_funds',
  processorTimeout: 'tok_processor_timeout',
  processorError: 'tok_processor_error',
} as const;
