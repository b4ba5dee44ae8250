/**
 * `tsx src/pos-core/main.ts`: configuration → startService; SIGINT/SIGTERM stop it and exit 0.
 * A bad configuration prints what is wrong and exits 1 (no stack trace: it is not a bug).
 */
import { ConfigError, maskSecrets } from '../common/env.ts';
import { createLogger } from '../common/logger.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadPosCoreConfig } from './config.ts';
import { posCoreService } from './service.ts';

async function main(): Promise<void> {
  const config = loadPosCoreConfig();
  createLogger('pos-core', config.LOG_LEVEL).info({ config: maskSecrets(config) }, 'configuration');
  const service = await startService(
    posCoreService({
      inventoryUrl: config.POS_CORE_INVENTORY_URL,
      paymentUrl: config.POS_CORE_PAYMENT_URL,
      serviceToken: config.POS_SERVICE_TOKEN,
      sagaRetryDeadlineMs: config.POS_CORE_SAGA_RETRY_DEADLINE_MS,
      recoveryIntervalMs: config.POS_CORE_RECOVERY_INTERVAL_MS,
      leaseMs: config.POS_CORE_LEASE_MS,
    }),
    {
      ...commonRuntimeOptions(config),
      port: config.POS_CORE_PORT,
      databaseUrl: config.POS_CORE_DATABASE_URL,
      poolMax: config.POS_CORE_POOL_MAX,
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
