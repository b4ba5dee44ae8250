/**
 * `tsx src/inventory/main.ts`: configuration → startService; SIGINT/SIGTERM stop it and exit 0.
 * A bad configuration prints what is wrong and exits 1 (no stack trace: it is not a bug).
 */

import { introspectingCredentialsVerifier } from '../common/credentials-config.ts';
import { ConfigError, maskSecrets } from '../common/env.ts';
import { createLogger } from '../common/logger.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadInventoryConfig } from './config.ts';
import { inventoryService } from './service.ts';

async function main(): Promise<void> {
  const config = loadInventoryConfig();
  createLogger('inventory', config.LOG_LEVEL).info({ config: maskSecrets(config) }, 'configuration');
  const service = await startService(
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
  );
  const stop = () => {
    service.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
