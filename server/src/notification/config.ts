/**
 * The notification service's configuration, read once at start (fails fast with every bad value named):
 *   NOTIFICATION_PORT          HTTP port                                               (default 4004)
 *   NOTIFICATION_DATABASE_URL  postgres:// URL of its own database                     (required)
 *   NOTIFICATION_POOL_MAX      connections in the pool                                 (default 5)
 *   NOTIFICATION_SMTP_URL      smtp(s):// URL of the mail server it sends through      (default smtp://127.0.0.1:2525,
 *                              the dev stack's local mail server)
 *   NOTIFICATION_FROM          the sender of receipts and alerts                       (default "Till & Sync <receipts@till-and-sync.local>")
 * plus the event-bus consumer's variables (common/bus/consumer-env.ts) and those every service reads
 * (common/service-env.ts).
 */
import { z } from 'zod';
import { busConsumerEnv } from '../common/bus/consumer-env.ts';
import { envInt, envPort, envPostgresUrl, readEnv } from '../common/env.ts';
import { serviceEnv } from '../common/service-env.ts';

export const notificationEnv = serviceEnv.extend(busConsumerEnv.shape).extend({
  NOTIFICATION_PORT: envPort(4004),
  NOTIFICATION_DATABASE_URL: envPostgresUrl,
  NOTIFICATION_POOL_MAX: envInt(5, 1, 100),
  NOTIFICATION_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// URL')
    .default('smtp://127.0.0.1:2525'),
  NOTIFICATION_FROM: z.string().min(3).max(200).default('Till & Sync <receipts@till-and-sync.local>'),
});
export type NotificationConfig = z.infer<typeof notificationEnv>;

export function loadNotificationConfig(env: NodeJS.ProcessEnv = process.env): NotificationConfig {
  return readEnv(notificationEnv, env);
}
