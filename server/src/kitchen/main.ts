/** `tsx src/kitchen/main.ts`: the kitchen service from the environment (config.ts); see run-service-main.ts. */
import { busSourceUrls } from '../common/bus/consumer-env.ts';
import { introspectingCredentialsVerifier } from '../common/credentials-config.ts';
import { runServiceMain } from '../common/run-service-main.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadKitchenConfig } from './config.ts';
import { kitchenService } from './service.ts';

runServiceMain('kitchen', loadKitchenConfig, (config) =>
  startService(
    kitchenService({
      databaseUrl: config.KITCHEN_DATABASE_URL,
      redisUrl: config.REDIS_URL,
      sourceUrls: busSourceUrls(config),
      takeOverMs: config.BUS_TAKEOVER_MS,
    }),
    {
      ...commonRuntimeOptions(config),
      // Store managers and paired tills are known to POS Core only: asked through its introspection.
      verifier: introspectingCredentialsVerifier(config),
      port: config.KITCHEN_PORT,
      databaseUrl: config.KITCHEN_DATABASE_URL,
      poolMax: config.KITCHEN_POOL_MAX,
    },
  ),
);
