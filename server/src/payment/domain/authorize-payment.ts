/**
 * Authorizing an order's card payment: the one use case that calls the processor.
 *
 *   claim key ─▶ order already paid? 409 ─▶ processor (no transaction open) ─▶ ONE statement:
 *                                               │                              payment + audit + event(s) + key completion
 *                                               └ timeout / 5xx: 503, claim released, nothing recorded
 *
 * With `capture: true` an approved authorization is recorded captured at once (the whole amount, by the
 * capture rule of payment-rules.ts): its two movements, authorize then capture, each with its audit row
 * and event. A saga paying with one card so charges it in one call; a decline is recorded as without it.
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
import { type IdempotentAnswer, type IdempotentCommand, runIdempotentInOneStatement } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import { type Authorization, authorizeWithin, ProcessorUnavailable } from './card-processor.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { decideCapture, unchanged } from './payment-rules.ts';
import { findPayment, insertPayment, type MovementRecord, type NewPayment, type StoredPayment, toPayment } from './payment-store.ts';

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
  const answer = await runIdempotentInOneStatement(
    deps.pool,
    { ...command, owner: deps.instance, leaseSeconds: Math.ceil(deps.processorTimeoutMs / 1_000) + LEASE_MARGIN_SECONDS },
    askProcessor,
    async (authorization, completion) => {
      const { payment, movements } = recordOf(authorization, uuidv7(), request, command.key);
      // The answer is known before the write: the key completes with it in the same statement.
      const answer = { status: 201, body: { payment: toPayment(payment) }, resourceId: payment.id };
      const written = await insertPayment(
        deps.pool,
        {
          tenantId,
          id: payment.id,
          orderId,
          part,
          status: payment.status,
          amount: payment.amount,
          capturedAmount: payment.capturedAmount,
          currency: payment.currency,
          cardBrand: authorization.outcome === 'approved' ? authorization.cardBrand : null,
          declineReason: payment.declineReason ?? null,
          processorRef: authorization.processorRef,
        },
        movements,
        completion(answer),
      );
      if (!written.payment) throw alreadyPaid();
      recorded.payment = written.payment;
      return { answer, completed: written.keyCompleted };
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

/**
 * The payment an authorization answer records and its movements: declined; authorized; or, with
 * `capture`, authorized and then captured in full — the capture decided by the one capture rule.
 */
function recordOf(
  authorization: Authorization,
  id: string,
  request: AuthorizeRequest,
  key: string,
): { payment: StoredPayment & { status: NewPayment['status'] }; movements: MovementRecord[] } {
  const base = {
    id,
    orderId: request.orderId,
    part: request.part ?? 1,
    amount: request.amount,
    capturedAmount: 0,
    refundedAmount: 0,
    currency: request.currency,
  };
  const op = { idempotencyKey: key, processorRef: authorization.processorRef };
  if (authorization.outcome === 'declined') {
    const payment = { ...base, status: 'declined' as const, declineReason: authorization.declineReason };
    return {
      payment,
      movements: [
        { op: { ...op, kind: 'decline', amount: request.amount }, event: 'payment.declined', status: 'declined', capturedAmount: 0 },
      ],
    };
  }
  const authorized = { ...base, status: 'authorized' as const, declineReason: null };
  const movements: MovementRecord[] = [
    { op: { ...op, kind: 'authorize', amount: request.amount }, event: 'payment.authorized', status: 'authorized', capturedAmount: 0 },
  ];
  if (!request.capture) return { payment: authorized, movements };
  const capture = decideCapture(authorized, request.amount);
  if (capture === unchanged) throw new Error('a fresh authorization is captured, never left unchanged');
  const payment = { ...authorized, ...capture.change, status: 'captured' as const };
  movements.push({
    op: { ...capture.operation, idempotencyKey: key, processorRef: null },
    event: capture.event,
    status: capture.change.status,
    capturedAmount: capture.change.capturedAmount,
  });
  return { payment, movements };
}
