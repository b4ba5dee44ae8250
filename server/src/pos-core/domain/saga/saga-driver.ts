/**
 * Drives one order's saga as far as it can go now: step after step, each a downstream call with its
 * fixed key followed by ONE transaction (state change + event), until the order is final, a step must
 * wait (a downstream is unavailable: the SAME step is scheduled again with backoff), or the lease is
 * lost. An online order whose step stays unavailable past the retry deadline is compensated and ends
 * declined; an offline sale already happened, so its steps are retried for as long as it takes.
 *
 * A failure anywhere (the database unreachable mid-step) gives the lease back (retried on every
 * heartbeat until the database answers: service-instance.ts `cleanUp`), and the recovery worker resumes
 * the saga a second later; a crash of the process leaves the lease to its dead owner, taken over
 * within seconds (saga-lease.ts). Either way the saga resumes from its last committed state, repeating
 * at most the step in progress — harmless, since the step's key is fixed.
 */
import type { Pool } from '../../../common/db.ts';
import type { Logger } from '../../../common/logger.ts';
import { sagaDrives } from '../../../common/saga-drives.ts';
import type { ClaimOwner } from '../../../common/service-instance.ts';
import { withLogContext } from '../../../common/tracing/log-context.ts';
import { runInSpan } from '../../../common/tracing/otel.ts';
import { acquireLease, FAILED_DRIVE_RETRY_MS, type LeasedSaga, RECORDED_SAGA, releaseLeases, renewLease } from './saga-lease.ts';
import { loadSagaOrder, type SagaOrder } from './saga-order.ts';
import { FORWARD_STATES, type SagaChange } from './saga-state.ts';
import { runSagaStep, type StepDeps } from './saga-steps.ts';
import { applyTransition, scheduleRetry } from './saga-transition.ts';

export interface SagaDriverOptions extends StepDeps {
  pool: Pool;
  logger: Logger;
  /** This process: its id owns the leases; it gives back the lease of a drive that failed. */
  instance: ClaimOwner;
  leaseMs: number;
  sagaRetryDeadlineMs: number;
  /** Called after a transition committed (it wrote an event). */
  onTransition(): void;
}

export interface SagaDriver {
  /**
   * Drives the saga now. `leased`: the caller already holds its lease (the worker claimed it, or the
   * order was recorded with it); otherwise the lease is taken first and nothing happens if another
   * worker holds it. Rejects only on an unexpected failure (the database unreachable), after which
   * the lease is given back for the recovery worker.
   * `recorded`: the order this process has just recorded (leased, still as recordOrders left it) — its
   * facts and state are known, so the first step starts without reading them (two round trips fewer
   * per checkout). A cancel accepted meanwhile is kept by the first transition and acted on next.
   */
  drive(tenantId: string, orderId: string, options?: { leased?: boolean; recorded?: SagaOrder }): Promise<void>;
  /** Stops taking steps; resolves when every drive in progress has given its lease back. */
  stop(): Promise<void>;
}

/** Full-jitter exponential backoff for the next attempt of a step. */
export function retryDelayMs(attempts: number, capMs: number): number {
  const ceiling = Math.min(capMs, 200 * 2 ** Math.min(attempts, 20));
  return Math.max(20, Math.round(Math.random() * ceiling));
}

/**
 * The longest backoff between two attempts of a step: a quarter of the retry deadline, within 0.5–5 s —
 * so a saga waiting on a downstream is driven within seconds once it is back (an attempt while it is
 * still down costs little: the circuit breaker answers at once).
 */
export const RETRY_CAP_MS = 5_000;
export const retryCapMs = (sagaRetryDeadlineMs: number): number => Math.min(RETRY_CAP_MS, Math.max(500, sagaRetryDeadlineMs / 4));

export function createSagaDriver(options: SagaDriverOptions): SagaDriver {
  const { pool, leaseMs, instance } = options;
  const owner = instance.id;
  const drives = sagaDrives(instance);
  const capMs = retryCapMs(options.sagaRetryDeadlineMs);

  async function run(tenantId: string, orderId: string, leased: boolean, recorded: SagaOrder | undefined): Promise<void> {
    if (!leased && !(await acquireLease(pool, tenantId, orderId, owner, leaseMs))) return;
    const order = leased && recorded ? recorded : await loadSagaOrder(pool, tenantId, orderId);
    if (!order) return;
    // The saga as the next step starts from: read with the lease renewed, or as the last transition left it.
    let current: LeasedSaga | null = leased && recorded ? RECORDED_SAGA : null;
    for (;;) {
      if (drives.stopping) {
        await releaseLeases(pool, tenantId, [orderId], owner);
        return;
      }
      const saga = current ?? (await renewLease(pool, tenantId, orderId, owner, leaseMs));
      if (!saga) return;
      let change: SagaChange = await runSagaStep(options, order, saga);
      if (change.kind === 'retry') {
        const deadlineApplies = FORWARD_STATES.has(saga.sagaState) && order.captureMode === 'online';
        if (!(deadlineApplies && saga.deadlinePassed)) {
          await scheduleRetry(pool, {
            tenantId,
            orderId,
            owner,
            delayMs: retryDelayMs(saga.attempts, capMs),
            deadlineMs: options.sagaRetryDeadlineMs,
            reason: change.reason,
          });
          return;
        }
        options.logger.warn({ correlationId: orderId, reason: change.reason }, 'saga step unavailable past its deadline; compensating');
        change = {
          kind: 'compensate',
          finalStatus: 'declined',
          reason: change.reason ?? 'unavailable',
          settlePayment: order.cards.length > 0 && saga.sagaState !== 'received',
        };
      }
      const { applied, next, saga: after } = await applyTransition({ pool, tenantId, orderId, owner, leaseMs, current: saga, change });
      if (!applied) return;
      current = after;
      options.onTransition();
      if (change.kind === 'advance' && change.prices?.mismatch) {
        options.logger.warn({ correlationId: orderId, ...change.prices.mismatch }, 'till prices differ from the catalogue; recorded');
      }
      options.logger.debug({ correlationId: orderId, from: saga.sagaState, to: next.sagaState, status: next.status }, 'saga transition');
      if (next.sagaState === 'done') return;
    }
  }

  return {
    drive(tenantId, orderId, driveOptions = {}) {
      // Every line of the drive names its store and order; its downstream calls share one trace.
      const drive = () =>
        withLogContext({ storeId: tenantId, orderId, correlationId: orderId }, () =>
          runInSpan('saga drive', 'internal', { 'pos.store_id': tenantId, 'pos.order_id': orderId }, async (span) => {
            try {
              await run(tenantId, orderId, driveOptions.leased ?? false, driveOptions.recorded);
              span.end();
            } catch (error) {
              span.end(true);
              throw error;
            }
          }),
        );
      return drives.run(drive, `saga lease ${orderId}`, () => releaseLeases(pool, tenantId, [orderId], owner, FAILED_DRIVE_RETRY_MS));
    },
    stop: () => drives.stop(),
  };
}
