/**
 * Authorizing an order's card payment: the one use case that calls the processor.
 *
 *   claim key ─▶ order already paid? 409 ─▶ processor (no transaction open) ─▶ one transaction:
 *                                               │                              payment + audit + event (one statement), key completed
 *                                               └ timeout / 5xx: 503, claim released, nothing recorded
 *
 * Why a card is authorized at most once per order and card part (part k: the order's k-th card tender;
 * absent from the request: part 1, a single-card order):
 * 1. The idempotency claim is committed before the processor is called, so concurrent duplicates of
 *    the request are answered 409 (retry later) and never reach the processor; the claim is leased
 *    for longer than the processor may take, so no takeover starts while the call runs.
 * 2. The processor call carries a reference fixed per tenant, order and part: a retry after a lost answer
 *    or a crash asks for the same authorization again (a real processor dedupes on it).
 * 3. UNIQUE (order_id, tenant_id, part) on payments: whatever slips past the key (another key for the
 *    same part, a takeover after a crash) cannot record a second payment; the loser is answered 409.
 * Only a recorded authorization can be captured (move-money.ts), so money moves at most once.
 *
 * No transaction or pooled connection is held across the processor call: the call may take up to
 * `processorTimeoutMs`, and a pool of a few connections must not be exhausted by a slow processor.
 */
import { uuidv7 } from '@pos/shared/ids';
import type { authorizeRequest } from '@pos/shared/payment';
import type { z } from 'zod';
import { lamport } from '../../common/clock.ts';
import { type IdempotentAnswer, type IdempotentCommand, runIdempotentStaged } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import { type Authorization, authorizeWithin, ProcessorUnavailable } from './card-processor.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { findPayment, insertPayment, type StoredPayment, toPayment } from './payment-store.ts';

export type AuthorizeRequest = z.infer<typeof authorizeRequest>;

/** Seconds the claim outlives the longest processor call (config caps the timeout at 20 s). */
const LEASE_MARGIN_SECONDS = 30;
/** What a 503 asks the caller to wait before retrying the same key. */
const RETRY_AFTER_SECONDS = 2;

export async function authorizePayment(
  deps: PaymentDeps,
  command: IdempotentCommand,
  request: AuthorizeRequest,
): Promise<IdempotentAnswer & { replayed: boolean }> {
  const { tenantId } = command;
  const { orderId, part = 1 } = request;
  const log = { correlationId: orderId, part };
  const alreadyPaid = () =>
    problems.conflict(part === 1 ? 'This order already has a payment.' : `Card part ${part} of this order already has a payment.`);
  // Part 1 keeps the reference a single-card order always had.
  const reference = part === 1 ? `${tenantId}:${orderId}` : `${tenantId}:${orderId}:${part}`;

  const askProcessor = async (): Promise<Authorization> => {
    if (await findPayment(deps.pool, tenantId, orderId, part)) throw alreadyPaid();
    try {
      return await authorizeWithin(
        deps.processor,
        { reference, amount: request.amount, currency: request.currency, cardToken: request.cardToken },
        deps.processorTimeoutMs,
      );
    } catch (error) {
      if (!(error instanceof ProcessorUnavailable)) throw error;
      deps.logger.warn(
        { ...log, lamport: lamport.time, reason: error.reason, detail: error.message },
        'card processor unavailable; nothing recorded',
      );
      const what = error.reason === 'timeout' ? 'did not answer in time' : 'failed';
      throw problems.unavailable(
        `The card processor ${what}; nothing was recorded. Retry with the same Idempotency-Key.`,
        RETRY_AFTER_SECONDS,
      );
    }
  };

  // Set by the work: logged and relayed only once the payment committed.
  const recorded: { payment?: StoredPayment } = {};
  const answer = await runIdempotentStaged(
    deps.pool,
    { ...command, owner: deps.instance, leaseSeconds: Math.ceil(deps.processorTimeoutMs / 1_000) + LEASE_MARGIN_SECONDS },
    askProcessor,
    async (tx, authorization) => {
      const approved = authorization.outcome === 'approved';
      const payment = await insertPayment(
        tx,
        {
          tenantId,
          id: uuidv7(),
          orderId,
          part,
          status: approved ? 'authorized' : 'declined',
          amount: request.amount,
          currency: request.currency,
          cardBrand: approved ? authorization.cardBrand : null,
          declineReason: approved ? null : authorization.declineReason,
          processorRef: authorization.processorRef,
        },
        {
          kind: approved ? 'authorize' : 'decline',
          amount: request.amount,
          idempotencyKey: command.key,
          processorRef: authorization.processorRef,
        },
        approved ? 'payment.authorized' : 'payment.declined',
      );
      if (!payment) throw alreadyPaid();
      recorded.payment = payment;
      return { status: 201, body: { payment: toPayment(payment) }, resourceId: payment.id };
    },
  );
  if (recorded.payment && !answer.replayed) {
    const { payment } = recorded;
    deps.pokeRelay();
    deps.logger.info(
      { ...log, lamport: lamport.time, paymentId: payment.id, status: payment.status, declineReason: payment.declineReason },
      'payment authorization recorded',
    );
  }
  return answer;
}
