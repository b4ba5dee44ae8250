/** What the order use cases need from the running service (built once per start in service.ts). */
import type { Pool } from '../../common/db.ts';
import type { Logger } from '../../common/logger.ts';
import type { ServiceInstance } from '../../common/service-instance.ts';
import type { InventoryClient } from '../downstream/inventory-client.ts';
import type { PaymentClient } from '../downstream/payment-client.ts';
import type { CashSettlement } from './saga/cash-settlement.ts';
import type { SagaDriver } from './saga/saga-driver.ts';

export interface OrderDeps {
  pool: Pool;
  logger: Logger;
  inventory: InventoryClient;
  payment: PaymentClient;
  driver: SagaDriver;
  /** Bulk settlement of cash sales (POST /v1/orders/batch drives its cash sales through it). */
  cashSettlement: CashSettlement;
  /** This process: it owns the idempotency claims and saga leases it takes (`owner` = its id). */
  instance: ServiceInstance;
  /** This process's saga lease owner id (the instance's id) and lease length. */
  owner: string;
  leaseMs: number;
  /** How long a request drives its saga inline before answering 202 pending. */
  inlineBudgetMs: number;
  /** Wake the recovery worker (new sagas are due). */
  pokeWorker(): void;
}
