/** What the payment use cases need from the running service. */
import type { Pool } from '../../common/db.ts';
import type { Logger } from '../../common/logger.ts';
import type { ServiceInstance } from '../../common/service-instance.ts';
import type { CardProcessor } from './card-processor.ts';

export interface PaymentDeps {
  pool: Pool;
  logger: Logger;
  processor: CardProcessor;
  /** This process: it owns the idempotency claims it takes. */
  instance: ServiceInstance;
  /** How long an authorization waits for the processor before answering 503. */
  processorTimeoutMs: number;
  /** Asks the outbox relay to publish now (after a commit that wrote events). */
  pokeRelay(): void;
}
