/**
 * Payment's API (docs/ARCHITECTURE.md, internal contracts), as the saga uses it.
 * Each money-moving call carries its step's fixed key: `<orderId>:authorize`, `:capture`, `:void`, `:refund`.
 */
import { stepKey } from '@pos/shared/http';
import { type PaymentAnswer as PaymentBody, paymentAnswer, paymentPage } from '@pos/shared/payment';
import type { z } from 'zod';
import type { CallOutcome, ServiceCaller } from './service-call.ts';

/** Each answer parsed with its schema from `shared/` (service-call.ts: a mismatch is "unavailable"). */
export type PaymentAnswer = CallOutcome<PaymentBody>;

export interface AuthorizeInput {
  orderId: string;
  amount: number;
  currency: string;
  cardToken: string;
}

export interface PaymentClient {
  readonly caller: ServiceCaller;
  authorize(tenantId: string, input: AuthorizeInput): Promise<PaymentAnswer>;
  capture(tenantId: string, orderId: string, amount: number): Promise<PaymentAnswer>;
  void(tenantId: string, orderId: string): Promise<PaymentAnswer>;
  /**
   * Refunds part of the order's captured payment. `key`: the saga's `<orderId>:refund` (compensation) by
   * default; a till's refund passes its own `<refundId>:refund` — one idempotent key per refund.
   */
  refund(tenantId: string, orderId: string, amount: number, key?: string): Promise<PaymentAnswer>;
  /** The payments of an order, as Payment knows them (what compensation acts on). */
  list(tenantId: string, orderId: string): Promise<CallOutcome<z.output<typeof paymentPage>>>;
}

export function paymentClient(caller: ServiceCaller): PaymentClient {
  const path = (orderId: string, action: string) => `/v1/payments/${encodeURIComponent(orderId)}/${action}`;
  return {
    caller,
    authorize: (tenantId, input) =>
      caller.call(
        {
          method: 'POST',
          path: '/v1/payments',
          tenantId,
          correlationId: input.orderId,
          idempotencyKey: stepKey(input.orderId, 'authorize'),
          body: input,
        },
        paymentAnswer,
      ),
    capture: (tenantId, orderId, amount) =>
      caller.call(
        {
          method: 'POST',
          path: path(orderId, 'capture'),
          tenantId,
          correlationId: orderId,
          idempotencyKey: stepKey(orderId, 'capture'),
          body: { amount },
        },
        paymentAnswer,
      ),
    void: (tenantId, orderId) =>
      caller.call(
        {
          method: 'POST',
          path: path(orderId, 'void'),
          tenantId,
          correlationId: orderId,
          idempotencyKey: stepKey(orderId, 'void'),
          body: {},
        },
        paymentAnswer,
      ),
    refund: (tenantId, orderId, amount, key = stepKey(orderId, 'refund')) =>
      caller.call(
        {
          method: 'POST',
          path: path(orderId, 'refund'),
          tenantId,
          correlationId: orderId,
          idempotencyKey: key,
          body: { amount },
        },
        paymentAnswer,
      ),
    list: (tenantId, orderId) =>
      caller.call(
        { method: 'GET', path: `/v1/payments?orderId=${encodeURIComponent(orderId)}`, tenantId, correlationId: orderId },
        paymentPage,
      ),
  };
}
