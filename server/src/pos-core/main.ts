/** `tsx src/pos-core/main.ts`: POS Core from the environment (config.ts); see run-service-main.ts. */
import { runServiceMain } from '../common/run-service-main.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadPosCoreConfig, posCoreOptions } from './config.ts';
import { posCoreService } from './service.ts';

runServiceMain('pos-core', loadPosCoreConfig, (config) =>
  startService(posCoreService(posCoreOptions(config)), {
    ...commonRuntimeOptions(config),
    port: config.POS_CORE_PORT,
    databaseUrl: config.POS_CORE_DATABASE_URL,
    poolMax: config.POS_CORE_POOL_MAX,
  }),
);
