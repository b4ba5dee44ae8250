/**
 * One step of the saga: the downstream call its state calls for, with its FIXED key, and what the
 * answer means for the order (a SagaChange). No database writes here: the driver commits the change.
 */
import type { SagaStep } from '@pos/shared/http';
import type { Logger } from '../../../common/logger.ts';
import { withLogContext } from '../../../common/tracing/log-context.ts';
import type { InventoryClient } from '../../downstream/inventory-client.ts';
import type { PaymentClient } from '../../downstream/payment-client.ts';
import { checkPrices } from './price-check.ts';
import type { LeasedSaga } from './saga-lease.ts';
import type { CardPart, SagaOrder } from './saga-order.ts';
import { FORWARD_STATES, type SagaChange, type SagaFaults } from './saga-state.ts';

export interface StepDeps {
  inventory: InventoryClient;
  payment: PaymentClient;
  faults: SagaFaults;
  logger: Logger;
}

const retry = (reason: string | null): SagaChange => ({ kind: 'retry', reason });

async function hooked<T>(deps: StepDeps, step: SagaStep, orderId: string, call: () => Promise<T>): Promise<T> {
  await deps.faults.beforeStep?.(step, orderId);
  // The step names every line logged and every downstream call made while it runs (Pos-Saga-Step).
  const outcome = await withLogContext({ step }, call);
  await deps.faults.afterStep?.(step, orderId);
  return outcome;
}

async function reserve(deps: StepDeps, order: SagaOrder): Promise<SagaChange> {
  // Offline sales already happened: always accepted (stock may go negative → discrepancy). Online: never oversell.
  const mode = order.captureMode === 'offline' ? 'force' : 'strict';
  // The request is strict: the stock fields only (the till's prices stay here, checked against the answer).
  const lines = order.lines.map(({ lineNo, productId, quantity }) => ({ lineNo, productId, quantity }));
  const o = await hooked(deps, 'reserve', order.id, () => deps.inventory.reserve(order.tenantId, order.id, mode, lines));
  if (o.kind === 'unavailable') return retry('inventory_unavailable');
  if (o.kind !== 'ok')
    return { kind: 'compensate', finalStatus: 'rejected', reason: `inventory_refused_${o.status}`, settlePayment: false };
  const r = o.body.reservation;
  if (r.status === 'rejected') return { kind: 'reject', reason: 'insufficient_stock', data: { shortages: r.shortages } };
  // A release tombstone: the order was compensated before this reserve landed; nothing is held.
  if (r.status === 'released') return { kind: 'reject', reason: 'reservation_released' };
  const prices = checkPrices(order.lines, r.lines, order.priceListVersion);
  return { kind: 'advance', to: 'reserved', events: [{ type: 'order.reserved', data: { mode } }], prices };
}

/**
 * Authorizes the card parts in order, each under its own fixed key (cardPartKey): a re-run after a
 * crash or an unavailable Payment replays the parts already answered and goes on with the first one
 * not yet answered. Advances only when every part is authorized. Part k declined: the order is declined
 * with a reason naming the part (a single card keeps the processor's bare reason); the parts before it
 * stand authorized, so compensation settles every part (settlePayment).
 *
 * ONE card: the call also captures (`capture: true`): one Payment call and one transition, reserved →
 * captured, emitting order.authorized then order.captured. Several cards are all authorized before any is
 * captured, so a declined later part leaves only authorizations to void, never captured money to refund.
 */
async function authorize(deps: StepDeps, order: SagaOrder, cards: readonly CardPart[]): Promise<SagaChange> {
  const several = cards.length > 1;
  const chargeAtOnce = !several;
  let amount = 0;
  let captured = 0;
  for (const card of cards) {
    const ask = (capture: boolean) =>
      hooked(deps, 'authorize', order.id, () =>
        deps.payment.authorize(order.tenantId, {
          orderId: order.id,
          part: card.part,
          amount: card.amount,
          currency: order.currency,
          cardToken: card.cardToken,
          capture,
        }),
      );
    let o = await ask(chargeAtOnce);
    // 422 on a one-card charge: the key holds the plain authorize an older version sent for this order.
    // Its replay answers the authorization; the capture step follows, as it did then.
    if (chargeAtOnce && o.kind === 'permanent' && o.status === 422) o = await ask(false);
    if (o.kind === 'unavailable') return retry('payment_unavailable');
    const declined = (reason: string, settlePayment: boolean): SagaChange => ({
      kind: 'compensate',
      finalStatus: 'declined',
      reason: several ? `card_part_${card.part}_declined: ${reason}` : reason,
      settlePayment,
    });
    if (o.kind !== 'ok') return declined(`payment_refused_${o.status}`, true);
    const p = o.body.payment;
    // Declined by the processor: nothing of this part stands; the earlier parts (if any) do.
    if (p.status === 'declined' || p.status === 'failed') return declined(p.declineReason ?? 'card_declined', card.part > 1);
    if (p.status !== 'authorized' && p.status !== 'captured') return declined(`payment_${p.status}`, true);
    amount += p.amount;
    captured += p.capturedAmount;
  }
  const authorized = { type: 'order.authorized' as const, data: several ? { amount, parts: cards.length } : { amount } };
  if (chargeAtOnce && captured === amount) {
    return { kind: 'advance', to: 'captured', events: [authorized, { type: 'order.captured', data: { amount: captured } }] };
  }
  return { kind: 'advance', to: 'authorized', events: [authorized] };
}

/**
 * Captures every card part under its fixed key (a re-run replays the parts already captured): the
 * step after authorize for several cards, and for a one-card order an older version left authorized.
 */
async function capture(deps: StepDeps, order: SagaOrder, cards: readonly CardPart[]): Promise<SagaChange> {
  let captured = 0;
  for (const card of cards) {
    const o = await hooked(deps, 'capture', order.id, () => deps.payment.capture(order.tenantId, order.id, card.part, card.amount));
    if (o.kind === 'unavailable') return retry('payment_unavailable');
    if (o.kind !== 'ok' || o.body.payment.status !== 'captured') {
      return { kind: 'compensate', finalStatus: 'declined', reason: 'capture_failed', settlePayment: true };
    }
    captured += o.body.payment.capturedAmount;
  }
  const data = cards.length > 1 ? { amount: captured, parts: cards.length } : { amount: captured };
  return { kind: 'advance', to: 'captured', events: [{ type: 'order.captured', data }] };
}

async function commit(deps: StepDeps, order: SagaOrder): Promise<SagaChange> {
  const o = await hooked(deps, 'commit', order.id, () => deps.inventory.commit(order.tenantId, order.id));
  if (o.kind === 'unavailable') return retry('inventory_unavailable');
  if (o.kind === 'ok' && o.body.reservation.status === 'committed') return { kind: 'confirm' };
  return { kind: 'compensate', finalStatus: 'declined', reason: 'reservation_lost', settlePayment: order.cards.length > 0 };
}

async function releaseStock(deps: StepDeps, order: SagaOrder): Promise<SagaChange> {
  const o = await hooked(deps, 'release', order.id, () => deps.inventory.release(order.tenantId, order.id));
  if (o.kind === 'unavailable') return retry(null);
  // Inventory answers 409 for a committed hold: the commit won, the sale happened — roll forward.
  const committed = (o.kind === 'ok' && o.body.reservation.status === 'committed') || (o.kind === 'business' && o.status === 409);
  if (committed) return { kind: 'roll_forward', to: order.cards.length > 0 ? 'captured' : 'reserved' };
  if (o.kind === 'ok') return { kind: 'stock_released' };
  deps.logger.error({ correlationId: order.id, status: o.status, problem: o.problem }, 'release refused; compensation will retry');
  return retry(null);
}

/**
 * Voids what is authorized and refunds what is captured, part by part, re-reading Payment until nothing
 * is left standing. A card part with no payment at all is voided too: Payment then records a voided
 * tombstone for it, so an authorize of that part still in flight (delayed in the network past our
 * timeout) is refused when it lands (G2). Each call is one part under its fixed key (cardPartKey).
 */
async function settlePayment(deps: StepDeps, order: SagaOrder): Promise<SagaChange> {
  // Settling runs for an order with card parts (settlePayment); without any, part 1 stands for the order, as before parts.
  const parts = order.cards.length > 0 ? order.cards.map((c) => c.part) : [1];
  for (let round = 0; round < 2 * parts.length + 1; round++) {
    const listed = await deps.payment.list(order.tenantId, order.id);
    if (listed.kind !== 'ok') {
      if (listed.kind !== 'unavailable')
        deps.logger.error({ correlationId: order.id, outcome: listed }, 'payments of the order unreadable');
      return retry(null);
    }
    const open = listed.body.payments.find(
      (p) => p.status === 'authorized' || (p.status === 'captured' && p.capturedAmount > p.refundedAmount),
    );
    const missing = parts.find((part) => !listed.body.payments.some((p) => p.part === part));
    if (!open && missing === undefined) return { kind: 'payment_settled' };
    const o =
      !open || open.status === 'authorized'
        ? await hooked(deps, 'void', order.id, () => deps.payment.void(order.tenantId, order.id, open?.part ?? (missing as number)))
        : await hooked(deps, 'refund', order.id, () =>
            deps.payment.refund(order.tenantId, order.id, open.part, open.capturedAmount - open.refundedAmount),
          );
    if (o.kind === 'unavailable') return retry(null);
    if (o.kind === 'permanent') {
      deps.logger.error({ correlationId: order.id, status: o.status, problem: o.problem }, 'void/refund refused; compensation will retry');
      return retry(null);
    }
    // ok, or a 404/409 (the payment moved meanwhile): read it again.
  }
  return retry(null);
}

/** Runs the step the saga's state calls for and says what it came to. */
export async function runSagaStep(deps: StepDeps, order: SagaOrder, saga: LeasedSaga): Promise<SagaChange> {
  if (saga.cancelRequested && FORWARD_STATES.has(saga.sagaState)) {
    return {
      kind: 'compensate',
      finalStatus: 'cancelled',
      reason: 'cancelled',
      settlePayment: order.cards.length > 0 && saga.sagaState !== 'received',
    };
  }
  switch (saga.sagaState) {
    case 'received':
      return reserve(deps, order);
    case 'reserved':
      return order.cards.length > 0 ? authorize(deps, order, order.cards) : commit(deps, order);
    case 'authorized':
      return order.cards.length > 0 ? capture(deps, order, order.cards) : commit(deps, order);
    case 'captured':
      return commit(deps, order);
    case 'compensating_stock':
      return releaseStock(deps, order);
    case 'compensating_payment':
      return settlePayment(deps, order);
    case 'done':
      throw new Error(`saga ${order.id} is done; nothing to run`);
  }
}
