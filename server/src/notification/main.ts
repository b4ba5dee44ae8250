/** `tsx src/notification/main.ts`: the notification service from the environment (config.ts); see run-service-main.ts. */
import { busSourceUrls } from '../common/bus/consumer-env.ts';
import { introspectingCredentialsVerifier } from '../common/credentials-config.ts';
import { runServiceMain } from '../common/run-service-main.ts';
import { commonRuntimeOptions } from '../common/service-env.ts';
import { startService } from '../common/service-runtime.ts';
import { loadNotificationConfig } from './config.ts';
import { notificationService } from './service.ts';

runServiceMain('notification', loadNotificationConfig, (config) =>
  startService(
    notificationService({
      smtpUrl: config.NOTIFICATION_SMTP_URL,
      from: config.NOTIFICATION_FROM,
      redisUrl: config.REDIS_URL,
      sourceUrls: busSourceUrls(config),
      takeOverMs: config.BUS_TAKEOVER_MS,
    }),
    {
      ...commonRuntimeOptions(config),
      // Store managers are known to POS Core only: asked through its introspection.
      verifier: introspectingCredentialsVerifier(config),
      port: config.NOTIFICATION_PORT,
      databaseUrl: config.NOTIFICATION_DATABASE_URL,
      poolMax: config.NOTIFICATION_POOL_MAX,
    },
  ),
);
