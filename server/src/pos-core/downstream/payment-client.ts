/**
 * Payment's API (docs/ARCHITECTURE.md, internal contracts), as the saga uses it.
 * Each money-moving call acts on one card part of the order and carries its step's fixed key
 * (a one-card order's charge is authorize with `capture: true`, under `<orderId>:authorize`):
 * `<orderId>:authorize`, `:capture`, `:void`, `:refund` for part 1, with `:<part>` added for part k > 1
 * (cardPartKey). Part 1's requests carry no `part` field, so a single-card order's keys and bodies are
 * exactly those it always had (a replay of an order recorded before card parts existed still matches).
 */
import { cardPartKey } from '@pos/shared/http';
import { type PaymentAnswer as PaymentBody, paymentAnswer, paymentPage } from '@pos/shared/payment';
import type { z } from 'zod';
import type { CallOutcome, ServiceCaller } from './service-call.ts';

/** Each answer parsed with its schema from `shared/` (service-call.ts: a mismatch is "unavailable"). */
export type PaymentAnswer = CallOutcome<PaymentBody>;

export interface AuthorizeInput {
  orderId: string;
  /** The card part (1 … n: the order's card tenders in order). */
  part: number;
  amount: number;
  currency: string;
  cardToken: string;
  /** Capture at once (a one-card order's charge). Sent only when true, so a plain authorize's body is as it always was. */
  capture?: boolean;
}

export interface PaymentClient {
  readonly caller: ServiceCaller;
  authorize(tenantId: string, input: AuthorizeInput): Promise<PaymentAnswer>;
  capture(tenantId: string, orderId: string, part: number, amount: number): Promise<PaymentAnswer>;
  void(tenantId: string, orderId: string, part: number): Promise<PaymentAnswer>;
  /**
   * Refunds part of a card part's captured payment. `key`: the saga's `<orderId>:refund[:<part>]`
   * (compensation) by default; a till's refund passes its own key per part — one idempotent key per refund and part.
   */
  refund(tenantId: string, orderId: string, part: number, amount: number, key?: string): Promise<PaymentAnswer>;
  /** The payments of an order, one per card part, as Payment knows them (what compensation acts on). */
  list(tenantId: string, orderId: string): Promise<CallOutcome<z.output<typeof paymentPage>>>;
}

/** A request body with its card part: part 1 is the default and stays implicit. */
const withPart = <T extends object>(part: number, body: T): T | (T & { part: number }) => (part === 1 ? body : { ...body, part });

export function paymentClient(caller: ServiceCaller): PaymentClient {
  const move = (tenantId: string, orderId: string, action: 'capture' | 'void' | 'refund', part: number, body: object, key?: string) =>
    caller.call(
      {
        method: 'POST',
        path: `/v1/payments/${encodeURIComponent(orderId)}/${action}`,
        tenantId,
        correlationId: orderId,
        idempotencyKey: key ?? cardPartKey(orderId, action, part),
        body: withPart(part, body),
      },
      paymentAnswer,
    );
  return {
    caller,
    authorize: (tenantId, { part, capture, ...input }) =>
      caller.call(
        {
          method: 'POST',
          path: '/v1/payments',
          tenantId,
          correlationId: input.orderId,
          idempotencyKey: cardPartKey(input.orderId, 'authorize', part),
          body: withPart(part, capture ? { ...input, capture } : input),
        },
        paymentAnswer,
      ),
    capture: (tenantId, orderId, part, amount) => move(tenantId, orderId, 'capture', part, { amount }),
    void: (tenantId, orderId, part) => move(tenantId, orderId, 'void', part, {}),
    refund: (tenantId, orderId, part, amount, key) => move(tenantId, orderId, 'refund', part, { amount }, key),
    list: (tenantId, orderId) =>
      caller.call(
        { method: 'GET', path: `/v1/payments?orderId=${encodeURIComponent(orderId)}`, tenantId, correlationId: orderId },
        paymentPage,
      ),
  };
}
