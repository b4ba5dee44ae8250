/** What the refund use cases need from the running service (built once per start in service.ts). */
import type { Pool } from '../../../common/db.ts';
import type { Logger } from '../../../common/logger.ts';
import type { ServiceInstance } from '../../../common/service-instance.ts';
import type { PaymentClient } from '../../downstream/payment-client.ts';
import type { RefundSaga } from './refund-saga.ts';

export interface RefundDeps {
  pool: Pool;
  logger: Logger;
  /** Asked whether Payment is reachable before an online card refund is recorded (503 otherwise, nothing recorded). */
  payment: PaymentClient;
  saga: RefundSaga;
  /** This process: it owns the idempotency claims and refund leases it takes. */
  instance: ServiceInstance;
  leaseMs: number;
  /** How long a request drives its refund saga inline before answering 202 pending. */
  inlineBudgetMs: number;
  /** Ask the relay to publish what was just written (order.refunded). */
  pokeRelay(): void;
}
