/**
 * The recovery worker: every interval (and when poked after new orders were recorded) it leases the
 * sagas that are due — new orders of a batch, steps waiting for a retry, sagas whose worker crashed
 * (lease expired, or its owner stopped beating: saga-lease.ts) — and drives them. Several POS Core processes may run it: leases are taken with
 * FOR UPDATE SKIP LOCKED, so each saga has one driver at a time.
 *
 * Each round first settles due cash sales in bulk (cash-settlement.ts: up to 500 in one Inventory call
 * and one transaction), then drives the other due sagas step by step.
 */
import { LIMITS } from '@pos/shared/limits';
import { type BackgroundLoop, startBackgroundLoop } from '../../../common/background-loop.ts';
import type { Pool } from '../../../common/db.ts';
import type { Logger } from '../../../common/logger.ts';
import type { CashSettlement } from './cash-settlement.ts';
import type { SagaDriver } from './saga-driver.ts';
import { claimDueSagas } from './saga-lease.ts';

export interface RecoveryWorkerOptions {
  pool: Pool;
  driver: SagaDriver;
  cashSettlement: CashSettlement;
  logger: Logger;
  owner: string;
  leaseMs: number;
  intervalMs: number;
  /** Sagas driven concurrently per round. */
  batchSize?: number;
}

export function startRecoveryWorker(options: RecoveryWorkerOptions): BackgroundLoop {
  const batchSize = options.batchSize ?? 50;
  return startBackgroundLoop(
    'saga-recovery',
    options.intervalMs,
    async () => {
      const cash = await options.cashSettlement.settleDue();
      const due = await claimDueSagas(options.pool, options.owner, options.leaseMs, batchSize);
      await Promise.all(
        due.map((s) =>
          options.driver.drive(s.tenantId, s.id, { leased: true }).catch((error: unknown) => {
            options.logger.warn({ err: error, correlationId: s.id }, 'saga drive failed; its lease is given back and it resumes');
          }),
        ),
      );
      return due.length === batchSize || cash === LIMITS.maxOrdersPerBatch;
    },
    options.logger,
  );
}
