/**
 * The refund saga (issue #14): drives one refund's remaining steps, each a downstream call under the
 * refund's FIXED key followed by ONE fenced transaction (state change + event):
 *
 *   refund_payment ─Payment refund `<refundId>:refund[:<part>]` per card part ok─▶ status completed + order.refunded ─▶ restock | done
 *        │         ─refused (nothing captured left: 404/409/4xx)─▶ status failed ─▶ done (its units count for nothing)
 *   restock ─Inventory `<refundId>:restock` ok─▶ done        (refused: done, the reason kept for the manager)
 *   any step unavailable ─▶ the SAME step again later (backoff); a card refund is a request the store owes,
 *                           so it is retried for as long as it takes (no deadline) and stays pending meanwhile
 *
 * A crash between a step's call and its transaction repeats the call after takeover — harmless: Payment and
 * Inventory answer a repeated key with the first answer. Fault hooks (SagaFaults) wrap each step, as in the
 * checkout saga, so the recovery and kill suites can cut it at the worst moment.
 */
import { cardPartKey } from '@pos/shared/http';
import type { PoolClient } from '../../../common/db.ts';
import { type Pool, withTransaction } from '../../../common/db.ts';
import type { Logger } from '../../../common/logger.ts';
import { appendEvent } from '../../../common/outbox.ts';
import { sagaDrives } from '../../../common/saga-drives.ts';
import type { ClaimOwner } from '../../../common/service-instance.ts';
import type { RestockClient } from '../../downstream/inventory-restock-client.ts';
import type { PaymentClient } from '../../downstream/payment-client.ts';
import type { CallOutcome } from '../../downstream/service-call.ts';
import { retryDelayMs } from '../saga/saga-driver.ts';
import { FAILED_DRIVE_RETRY_MS } from '../saga/saga-lease.ts';
import type { SagaFaults } from '../saga/saga-state.ts';
import { planCardRefund } from './card-refund-split.ts';
import { acquireRefundLease, type RefundSagaState, releaseRefundLease, renewRefundLease } from './refund-lease.ts';
import { loadRefundView } from './refund-view.ts';

export interface RefundSagaOptions {
  pool: Pool;
  logger: Logger;
  payment: PaymentClient;
  restock: RestockClient;
  instance: ClaimOwner;
  leaseMs: number;
  /** The longest wait between two attempts of an unavailable step. */
  retryCapMs: number;
  faults: SagaFaults;
  /** Called after a transition committed (it may have written an event). */
  onTransition(): void;
}

export interface RefundSaga {
  /** Drives the refund's saga now; `leased`: the caller holds its lease (it was recorded with it, or claimed). */
  drive(tenantId: string, refundId: string, options?: { leased?: boolean }): Promise<void>;
  /** Stops taking steps; resolves when every drive in progress has given its lease back. */
  stop(): Promise<void>;
}

type StepResult =
  | { kind: 'next'; to: RefundSagaState; status?: 'completed' | 'failed'; statusReason?: string | null }
  | { kind: 'retry'; reason: string };

const whyNot = (outcome: Exclude<CallOutcome<unknown>, { kind: 'ok' }>): string =>
  outcome.kind === 'unavailable'
    ? `unavailable (${outcome.reason})`
    : `${outcome.status} ${outcome.problem?.detail ?? outcome.problem?.title ?? 'refused'}`;

export function createRefundSaga(options: RefundSagaOptions): RefundSaga {
  const { pool, leaseMs, instance, faults } = options;
  const owner = instance.id;
  const drives = sagaDrives(instance);

  async function step(tenantId: string, refundId: string, state: RefundSagaState): Promise<StepResult> {
    const refund = (await loadRefundView(pool, tenantId, refundId))!;
    const restocked = refund.lines.filter((l) => l.restock);
    const afterMoney: RefundSagaState = restocked.length > 0 ? 'restock' : 'done';
    if (state === 'refund_payment') {
      // One call per card part the split takes money from, last part first (card-refund-split.ts).
      for (const { part, amount } of await planCardRefund(pool, tenantId, refund)) {
        await faults.beforeStep?.('refund', refundId);
        const outcome = await options.payment.refund(tenantId, refund.orderId, part, amount, cardPartKey(refundId, 'refund', part));
        await faults.afterStep?.('refund', refundId);
        if (outcome.kind === 'ok') continue;
        if (outcome.kind === 'unavailable') return { kind: 'retry', reason: whyNot(outcome) };
        const which = part === 1 ? '' : ` (card part ${part})`;
        options.logger.warn({ correlationId: refund.orderId, refundId, part, answer: whyNot(outcome) }, 'Payment refused a card refund');
        return { kind: 'next', to: 'done', status: 'failed', statusReason: `card refund refused${which}: ${whyNot(outcome)}` };
      }
      return { kind: 'next', to: afterMoney, status: 'completed', statusReason: null };
    }
    await faults.beforeStep?.('restock', refundId);
    const outcome = await options.restock(tenantId, {
      refundId,
      orderId: refund.orderId,
      lines: restocked.map((l) => ({ lineNo: l.lineNo, productId: l.productId, quantity: l.quantity })),
    });
    await faults.afterStep?.('restock', refundId);
    if (outcome.kind === 'ok') return { kind: 'next', to: 'done' };
    if (outcome.kind === 'unavailable') return { kind: 'retry', reason: whyNot(outcome) };
    options.logger.warn({ correlationId: refund.orderId, refundId, answer: whyNot(outcome) }, 'Inventory refused a restock');
    return { kind: 'next', to: 'done', statusReason: `restock refused: ${whyNot(outcome)}` };
  }

  /** The step's transaction, fenced by lease and state: false when another worker took the saga over meanwhile. */
  async function transition(tenantId: string, refundId: string, from: RefundSagaState, result: Extract<StepResult, { kind: 'next' }>) {
    return withTransaction(pool, async (tx: PoolClient) => {
      const updated = await tx.query<{ order_id: string }>(
        `UPDATE refunds SET saga_state = $5, status = COALESCE($6, status),
                status_reason = CASE WHEN $7::boolean THEN $8 ELSE status_reason END, attempts = 0, updated_at = now(),
                lease_owner = CASE WHEN $5 = 'done' THEN NULL ELSE lease_owner END,
                lease_until = CASE WHEN $5 = 'done' THEN NULL ELSE lease_until END
          WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3 AND saga_state = $4
          RETURNING order_id`,
        [tenantId, refundId, owner, from, result.to, result.status ?? null, result.statusReason !== undefined, result.statusReason ?? null],
      );
      const row = updated.rows[0];
      if (!row) return false;
      if (result.status === 'completed') {
        const view = await loadRefundView(tx, tenantId, refundId);
        await appendEvent(tx, { tenantId, type: 'order.refunded', correlationId: row.order_id, data: { ...view } });
      }
      return true;
    });
  }

  async function run(tenantId: string, refundId: string, leased: boolean): Promise<void> {
    if (!leased && !(await acquireRefundLease(pool, tenantId, refundId, owner, leaseMs))) return;
    for (;;) {
      if (drives.stopping) return releaseRefundLease(pool, tenantId, refundId, owner, 0);
      const saga = await renewRefundLease(pool, tenantId, refundId, owner, leaseMs);
      if (!saga) return;
      const result = await step(tenantId, refundId, saga.sagaState);
      if (result.kind === 'retry') {
        await releaseRefundLease(pool, tenantId, refundId, owner, retryDelayMs(saga.attempts, options.retryCapMs), true);
        return;
      }
      if (!(await transition(tenantId, refundId, saga.sagaState, result))) return;
      options.onTransition();
      if (result.to === 'done') return;
    }
  }

  return {
    drive: (tenantId, refundId, driveOptions = {}) =>
      drives.run(
        () => run(tenantId, refundId, driveOptions.leased ?? false),
        `refund lease ${refundId}`,
        () => releaseRefundLease(pool, tenantId, refundId, owner, FAILED_DRIVE_RETRY_MS),
      ),
    stop: () => drives.stop(),
  };
}
