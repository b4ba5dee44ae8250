/**
 * Starts the Payment service from the environment (config.ts): `tsx src/payment/main.ts`.
 * Stops cleanly on SIGINT / SIGTERM (exit 0). A bad configuration prints what is wrong and exits 1.
 */

import { introspectingCredentialsVerifier } from '../common/credentials-config.ts';
import { ConfigError, maskSecrets } from '../common/env.ts';
import { createLogger } from '../common/logger.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadPaymentConfig } from './config.ts';
import { paymentService } from './service.ts';

async function main(): Promise<void> {
  const config = loadPaymentConfig();
  createLogger('payment', config.LOG_LEVEL).info({ config: maskSecrets(config) }, 'configuration');
  const service = await startService(paymentService({ processorTimeoutMs: config.PAYMENT_PROCESSOR_TIMEOUT_MS }), {
    ...commonRuntimeOptions(config),
    // Paired tills and store managers are known to POS Core only: asked through its introspection.
    verifier: introspectingCredentialsVerifier(config),
    port: config.PAYMENT_PORT,
    databaseUrl: config.PAYMENT_DATABASE_URL,
    poolMax: config.PAYMENT_POOL_MAX,
  });
  const stop = async () => {
    await service.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
