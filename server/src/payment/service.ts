/** The Payment service (port 4002): authorize / capture / void / refund against the simulated card processor. */
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { outboxEventsRouter } from '../common/outbox-events-router.ts';
import type { ServiceDefinition } from '../common/service-runtime.ts';
import { simulatedProcessor } from './domain/simulated-processor.ts';
import { paymentsRouter } from './http/payments-router.ts';

export interface PaymentOptions {
  /** How long an authorization waits for the processor before answering 503 (PAYMENT_PROCESSOR_TIMEOUT_MS). */
  processorTimeoutMs: number;
}

export function paymentService(options: PaymentOptions): ServiceDefinition {
  const processor = simulatedProcessor();
  return {
    name: 'payment',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    routes: (ctx) => {
      const deps = {
        pool: ctx.pool,
        logger: ctx.logger,
        processor,
        instance: ctx.instance,
        processorTimeoutMs: options.processorTimeoutMs,
        pokeRelay: ctx.pokeRelay,
      };
      const router = Router();
      router.use(paymentsRouter(deps));
      router.use(outboxEventsRouter(ctx.pool));
      return router;
    },
  };
}
