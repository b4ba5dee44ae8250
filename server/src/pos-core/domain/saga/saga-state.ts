/**
 * The checkout saga's durable states (DESIGN §3), as stored in `orders.saga_state`:
 *
 *   received ─reserve─▶ reserved ─authorize─▶ authorized ─capture─▶ captured ─commit─▶ done (confirmed)   (several cards)
 *   reserved ─authorize with capture─▶ captured                            (one card: charged in one call)
 *   reserved ─commit─▶ done (confirmed)                                     (cash: no payment steps)
 *   received ─reserve: short of stock (strict)─▶ done (rejected)            (nothing held, nothing to undo)
 *   any forward state ─(declined | cancel | deadline passed | refused)─▶ compensating_stock
 *   compensating_stock ─release─▶ compensating_payment ─void|refund─▶ done (declined | rejected | cancelled)
 *   compensating_stock ─release finds the hold committed─▶ back to the commit step (the sale happened)
 *
 * Stock is released BEFORE money is given back: Inventory's reservation is the arbiter between
 * commit and release (a committed hold cannot be released, a released one cannot be committed), so
 * once the release succeeded the order can never confirm and voiding / refunding is safe (G2); and if
 * the release finds the hold already committed, the sale did happen and the saga rolls forward
 * instead of refunding a sale that left the shelf (G3).
 */
import type { EventType } from '@pos/shared/event';
import type { SagaStep } from '@pos/shared/http';
import type { PriceCheck } from './price-check.ts';

export type SagaState = 'received' | 'reserved' | 'authorized' | 'captured' | 'compensating_stock' | 'compensating_payment' | 'done';
export type ForwardState = 'received' | 'reserved' | 'authorized' | 'captured';
export type CompensatedStatus = 'declined' | 'rejected' | 'cancelled';

export const FORWARD_STATES: ReadonlySet<SagaState> = new Set<SagaState>(['received', 'reserved', 'authorized', 'captured']);

export const FINAL_EVENT: Record<CompensatedStatus | 'confirmed', EventType> = {
  confirmed: 'order.confirmed',
  declined: 'order.declined',
  rejected: 'order.rejected',
  cancelled: 'order.cancelled',
};

/**
 * Fault injection for tests: a hook that throws simulates a crash at that point. `afterStep` runs
 * after the step's downstream call answered and BEFORE its state change commits.
 */
export interface SagaFaults {
  beforeStep?(step: SagaStep, orderId: string): void | Promise<void>;
  afterStep?(step: SagaStep, orderId: string): void | Promise<void>;
}

/** An event a transition emits: its type and what it adds to the order's payload. */
export interface SagaEvent {
  type: EventType;
  data?: Record<string, unknown>;
}

/** What a step came to; the driver turns it into one transaction (state change + its events). */
export type SagaChange =
  /**
   * `events`: emitted in this order (two when one call passed two states: a one-card charge is
   * `order.authorized` then `order.captured`). `prices`: the catalogue's prices Inventory answered with
   * the reservation, recorded by the same transition (price-check.ts).
   */
  | { kind: 'advance'; to: 'reserved' | 'authorized' | 'captured'; events: readonly [SagaEvent, ...SagaEvent[]]; prices?: PriceCheck }
  | { kind: 'confirm' }
  /** Final without compensation: nothing was held or charged. */
  | { kind: 'reject'; reason: string; data?: Record<string, unknown> }
  | { kind: 'compensate'; finalStatus: CompensatedStatus; reason: string; settlePayment: boolean }
  | { kind: 'stock_released' }
  | { kind: 'payment_settled' }
  /** The release found the hold committed: the sale happened, go back to the commit step. */
  | { kind: 'roll_forward'; to: 'reserved' | 'captured' }
  /** The step could not run now (a downstream is unavailable): retry the SAME step later; reason null keeps the current one. */
  | { kind: 'retry'; reason: string | null };
