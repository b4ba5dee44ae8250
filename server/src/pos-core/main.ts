/** `tsx src/pos-core/main.ts`: POS Core from the environment (config.ts); see run-service-main.ts. */
import { runServiceMain } from '../common/run-service-main.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadPosCoreConfig } from './config.ts';
import { posCoreService } from './service.ts';

runServiceMain('pos-core', loadPosCoreConfig, (config) =>
  startService(
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
  ),
);
