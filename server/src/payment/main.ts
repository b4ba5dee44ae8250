/** `tsx src/payment/main.ts`: Payment from the environment (config.ts); see run-service-main.ts. */
import { introspectingCredentialsVerifier } from '../common/credentials-config.ts';
import { runServiceMain } from '../common/run-service-main.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadPaymentConfig } from './config.ts';
import { paymentService } from './service.ts';

runServiceMain('payment', loadPaymentConfig, (config) =>
  startService(paymentService({ processorTimeoutMs: config.PAYMENT_PROCESSOR_TIMEOUT_MS }), {
    ...commonRuntimeOptions(config),
    // Paired tills and store managers are known to POS Core only: asked through its introspection.
    verifier: introspectingCredentialsVerifier(config),
    port: config.PAYMENT_PORT,
    databaseUrl: config.PAYMENT_DATABASE_URL,
    poolMax: config.PAYMENT_POOL_MAX,
  }),
);
