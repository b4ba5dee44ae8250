/**
 * The Inventory service: catalogue with stock levels, stock movements, reservations for POS Core's
 * saga, discrepancies, and its outbox feed. See docs/ARCHITECTURE.md for the internal contracts.
 */
import { fileURLToPath } from 'node:url';
import { Router } from 'express';
import { outboxEventsRouter } from '../common/outbox-events-router.ts';
import type { ServiceDefinition } from '../common/service-runtime.ts';
import { seedDemoCatalog } from './domain/demo-catalog.ts';
import { startHoldSweeper } from './hold-sweeper.ts';
import { productsRouter } from './http/products-router.ts';
import { reservationsRouter } from './http/reservations-router.ts';
import { restocksRouter } from './http/restocks-router.ts';
import { stockRouter } from './http/stock-router.ts';

export interface InventoryOptions {
  /** Seed the demo store's catalogue at start when it has no products. */
  seedDemo: boolean;
  /** Lifetime of a hold whose request names no ttlSeconds. */
  reservationTtlSeconds: number;
  /** How often the sweeper looks for expired holds. */
  sweepIntervalMs: number;
}

export function inventoryService(options: InventoryOptions): ServiceDefinition {
  return {
    name: 'inventory',
    migrationsDir: fileURLToPath(new URL('./migrations', import.meta.url)),
    prepare: async (ctx) => {
      if (options.seedDemo && (await seedDemoCatalog(ctx.pool))) ctx.logger.info('demo catalogue seeded');
    },
    routes: (ctx) =>
      Router().use(
        productsRouter(ctx),
        reservationsRouter(ctx, options.reservationTtlSeconds),
        stockRouter(ctx),
        restocksRouter(ctx),
        outboxEventsRouter(ctx.pool),
      ),
    loops: (ctx) => [startHoldSweeper(ctx, options.sweepIntervalMs)],
  };
}
