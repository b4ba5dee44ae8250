/**
 * Capture, void and refund: one idempotent transaction each, on one card part of an order (part 1: a
 * single-card order's payment). Under the key's claim, that part's payment is locked, the rule of payment-rules.ts decides, and the change, its audit row and its
 * outbox event commit together with the key's stored answer. A 404 or 409 records nothing and
 * releases the key, so the same key may succeed later.
 *
 * A void that finds no payment is not a 404: it records a voided tombstone (amount 0) for that part, so
 * that an authorization of the same part arriving later is refused by UNIQUE (order_id, tenant_id, part) —
 * compensation must win over an authorize still in flight (G2).
 */
import type { EventType } from '@pos/shared/event';
import { uuidv7 } from '@pos/shared/ids';
import { lamport } from '../../common/clock.ts';
import type { PoolClient } from '../../common/db.ts';
import { type IdempotentAnswer, type IdempotentCommand, runIdempotent } from '../../common/idempotency.ts';
import { problems } from '../../common/problem.ts';
import type { PaymentDeps } from './payment-deps.ts';
import { type Decision, decideCapture, decideRefund, decideVoid, unchanged } from './payment-rules.ts';
import { insertPayment, lockPayment, type StoredPayment, toPayment, updatePayment } from './payment-store.ts';

type Answer = IdempotentAnswer & { replayed: boolean };

async function movePayment(
  deps: PaymentDeps,
  command: IdempotentCommand,
  orderId: string,
  part: number,
  decide: (p: StoredPayment) => Decision,
  options: { tombstoneWhenMissing?: boolean } = {},
): Promise<Answer> {
  const { tenantId } = command;
  // Set by the work when it changed the payment: logged and relayed only once the change committed.
  const outcome: { moved?: { event: EventType; payment: StoredPayment } } = {};
  // A saga step's call under its fixed key: the key is claimed with the work, in one transaction.
  const answer = await runIdempotent(
    deps.pool,
    { ...command, owner: deps.instance },
    async (tx) => {
      const current = await lockPayment(tx, tenantId, orderId, part);
      if (!current && options.tombstoneWhenMissing) {
        const tombstone = await insertVoidTombstone(tx, tenantId, orderId, part, command.key);
        if (tombstone) {
          outcome.moved = { event: 'payment.voided', payment: tombstone };
          return { status: 200, body: { payment: toPayment(tombstone) }, resourceId: tombstone.id };
        }
      }
      if (!current) throw problems.notFound(part === 1 ? 'payment for this order' : `payment for card part ${part} of this order`);
      const decision = decide(current);
      if (decision === unchanged) return { status: 200, body: { payment: toPayment(current) }, resourceId: current.id };
      const payment = await updatePayment(
        tx,
        tenantId,
        current.id,
        decision.change,
        { ...decision.operation, idempotencyKey: command.key },
        decision.event,
      );
      outcome.moved = { event: decision.event, payment };
      return { status: 200, body: { payment: toPayment(payment) }, resourceId: payment.id };
    },
    { claimWithWork: true },
  );
  if (outcome.moved && !answer.replayed) {
    const { event, payment } = outcome.moved;
    deps.pokeRelay();
    deps.logger.info({ correlationId: orderId, part, lamport: lamport.time, paymentId: payment.id, status: payment.status }, event);
  }
  return answer;
}

export const capturePayment = (deps: PaymentDeps, command: IdempotentCommand, orderId: string, part: number, amount: number) =>
  movePayment(deps, command, orderId, part, (p) => decideCapture(p, amount));

export const voidPayment = (deps: PaymentDeps, command: IdempotentCommand, orderId: string, part: number) =>
  movePayment(deps, command, orderId, part, decideVoid, { tombstoneWhenMissing: true });

/** The voided, zero-amount payment a void leaves for an order's card part that had none (see the top comment), with its audit row and event. */
async function insertVoidTombstone(
  tx: PoolClient,
  tenantId: string,
  orderId: string,
  part: number,
  key: string,
): Promise<StoredPayment | null> {
  const { payment: tombstone } = await insertPayment(
    tx,
    {
      tenantId,
      id: uuidv7(),
      orderId,
      part,
      status: 'voided',
      amount: 0,
      capturedAmount: 0,
      currency: 'XXX',
      cardBrand: null,
      declineReason: null,
      processorRef: null,
    },
    [
      {
        op: { kind: 'void', amount: 0, idempotencyKey: key, processorRef: null },
        event: 'payment.voided',
        status: 'voided',
        capturedAmount: 0,
      },
    ],
  );
  // null: an authorization committed meanwhile; the caller answers 404 and the saga re-reads and voids it.
  return tombstone;
}

export const refundPayment = (deps: PaymentDeps, command: IdempotentCommand, orderId: string, part: number, amount: number) =>
  movePayment(deps, command, orderId, part, (p) => decideRefund(p, amount));
