/**
 * Capture, void and refund: one idempotent transaction each. Under the key's claim, the order's
 * payment is locked, the rule of payment-rules.ts decides, and the change, its audit row and its
 * outbox event commit together with the key's stored answer. A 404 or 409 records nothing and
 * releases the key, so the same key may succeed later.
 */
import type { EventType } from '@pos/shared/event';
import { lamport } from '../../common/clock.ts';
import { type IdempotentAnswer, runIdempotent } from '../../common/idempotency.ts';
import { appendEvent } from '../../common/outbox.ts';
import { problems } from '../../common/problem.ts';
import type { IdempotentCommand, PaymentDeps } from './payment-deps.ts';
import { type Decision, decideCapture, decideRefund, decideVoid, unchanged } from './payment-rules.ts';
import { lockPayment, recordOperation, type StoredPayment, toPayment, updatePayment } from './payment-store.ts';

type Answer = IdempotentAnswer & { replayed: boolean };

async function movePayment(
  deps: PaymentDeps,
  command: IdempotentCommand,
  orderId: string,
  decide: (p: StoredPayment) => Decision,
): Promise<Answer> {
  const { tenantId } = command;
  // Set by the work when it changed the payment: logged and relayed only once the change committed.
  const outcome: { moved?: { event: EventType; payment: StoredPayment } } = {};
  const answer = await runIdempotent(deps.pool, command, async (tx) => {
    const current = await lockPayment(tx, tenantId, orderId);
    if (!current) throw problems.notFound('payment for this order');
    const decision = decide(current);
    if (decision === unchanged) return { status: 200, body: { payment: toPayment(current) }, resourceId: current.id };
    const payment = await updatePayment(tx, tenantId, current.id, decision.change);
    await recordOperation(tx, { tenantId, paymentId: payment.id, ...decision.operation, idempotencyKey: command.key });
    await appendEvent(tx, {
      tenantId,
      type: decision.event,
      correlationId: orderId,
      data: { ...toPayment(payment), currency: payment.currency },
    });
    outcome.moved = { event: decision.event, payment };
    return { status: 200, body: { payment: toPayment(payment) }, resourceId: payment.id };
  });
  if (outcome.moved && !answer.replayed) {
    const { event, payment } = outcome.moved;
    deps.pokeRelay();
    deps.logger.info({ correlationId: orderId, lamport: lamport.time, paymentId: payment.id, status: payment.status }, event);
  }
  return answer;
}

export const capturePayment = (deps: PaymentDeps, command: IdempotentCommand, orderId: string, amount: number) =>
  movePayment(deps, command, orderId, (p) => decideCapture(p, amount));

export const voidPayment = (deps: PaymentDeps, command: IdempotentCommand, orderId: string) =>
  movePayment(deps, command, orderId, decideVoid);

export const refundPayment = (deps: PaymentDeps, command: IdempotentCommand, orderId: string, amount: number) =>
  movePayment(deps, command, orderId, (p) => decideRefund(p, amount));
