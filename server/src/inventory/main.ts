/** `tsx src/inventory/main.ts`: Inventory from the environment (config.ts); see run-service-main.ts. */
import { introspectingCredentialsVerifier } from '../common/credentials-config.ts';
import { runServiceMain } from '../common/run-service-main.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadInventoryConfig } from './config.ts';
import { inventoryService } from './service.ts';

runServiceMain('inventory', loadInventoryConfig, (config) =>
  startService(
    inventoryService({
      seedDemo: config.INVENTORY_SEED_DEMO,
      reservationTtlSeconds: config.INVENTORY_RESERVATION_TTL_SECONDS,
      sweepIntervalMs: config.INVENTORY_SWEEP_INTERVAL_MS,
    }),
    {
      ...commonRuntimeOptions(config),
      // Paired tills and store managers are known to POS Core only: asked through its introspection.
      verifier: introspectingCredentialsVerifier(config),
      port: config.INVENTORY_PORT,
      databaseUrl: config.INVENTORY_DATABASE_URL,
      poolMax: config.INVENTORY_POOL_MAX,
    },
  ),
);
