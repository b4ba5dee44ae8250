/**
 * The refund saga's recovery worker: every interval (and when poked) it leases the refund sagas that are
 * due — steps waiting for a retry, sagas whose driver crashed (lease expired or owner dead) — and drives
 * them. Several POS Core processes may run it: leases are taken with SKIP LOCKED (refund-lease.ts).
 */
import { type BackgroundLoop, startBackgroundLoop } from '../../../common/background-loop.ts';
import type { Pool } from '../../../common/db.ts';
import type { Logger } from '../../../common/logger.ts';
import { claimDueRefunds } from './refund-lease.ts';
import type { RefundSaga } from './refund-saga.ts';

export function startRefundRecovery(options: {
  pool: Pool;
  saga: RefundSaga;
  logger: Logger;
  owner: string;
  leaseMs: number;
  intervalMs: number;
  batchSize?: number;
}): BackgroundLoop {
  const batchSize = options.batchSize ?? 50;
  return startBackgroundLoop(
    'refund-recovery',
    options.intervalMs,
    async () => {
      const due = await claimDueRefunds(options.pool, options.owner, options.leaseMs, batchSize);
      await Promise.all(
        due.map((r) =>
          options.saga.drive(r.tenantId, r.id, { leased: true }).catch((error: unknown) => {
            options.logger.warn({ err: error, refundId: r.id }, 'refund saga drive failed; its lease is given back and it resumes');
          }),
        ),
      );
      return due.length === batchSize;
    },
    options.logger,
  );
}
