/**
 * Configuration of the zero-configuration dev stack (`pnpm start`, `pnpm start:server`), read once:
 *   POS_DATA_DIR     where the embedded PostgreSQL keeps its data and the generated credentials (default <repo>/.pos-data)
 *   POS_PG_PORT      port of the embedded PostgreSQL (default 5433)
 *   POS_CORE_PORT / INVENTORY_PORT / PAYMENT_PORT / KITCHEN_PORT / NOTIFICATION_PORT
 *                    (defaults 4000 / 4001 / 4002 / 4003 / 4004)
 *   DEV_MAIL_SMTP_PORT / DEV_MAIL_PORT   the local mail server's SMTP port and web inbox (defaults 2525 / 4005);
 *                    it runs unless NOTIFICATION_SMTP_URL names a real mail server
 *   TILL_PORT        where the till's web build is served when Electron is not installed (default 4100)
 *   CONSOLE_PORT     where the manager's console is served (default 4200)
 *   POS_CORE_DATABASE_URL / INVENTORY_DATABASE_URL / PAYMENT_DATABASE_URL / KITCHEN_DATABASE_URL / NOTIFICATION_DATABASE_URL
 *                    when set, that service uses this PostgreSQL instead of the embedded one
 *   REDIS_URL        when set, the event bus runs on this Redis (Streams); otherwise the consumers (kitchen, notification)
 *                    read the services' PostgreSQL outbox feeds
 *   POS_SERVICE_TOKEN / POS_DEMO_TERMINAL_TOKEN / POS_DEMO_MANAGER_TOKEN
 *                    when set, used instead of the credentials generated once into the data folder
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { envPort, envPostgresUrl, envToken, readEnv } from '../common/env.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

const schema = z.object({
  POS_DATA_DIR: z.string().min(1).default(resolve(REPO_ROOT, '.pos-data')),
  POS_PG_PORT: envPort(5433),
  POS_CORE_PORT: envPort(4000),
  INVENTORY_PORT: envPort(4001),
  PAYMENT_PORT: envPort(4002),
  KITCHEN_PORT: envPort(4003),
  NOTIFICATION_PORT: envPort(4004),
  DEV_MAIL_SMTP_PORT: envPort(2525),
  DEV_MAIL_PORT: envPort(4005),
  NOTIFICATION_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/.+/, 'must be an smtp:// URL')
    .optional(),
  TILL_PORT: envPort(4100),
  CONSOLE_PORT: envPort(4200),
  POS_CORE_DATABASE_URL: envPostgresUrl.optional(),
  INVENTORY_DATABASE_URL: envPostgresUrl.optional(),
  PAYMENT_DATABASE_URL: envPostgresUrl.optional(),
  KITCHEN_DATABASE_URL: envPostgresUrl.optional(),
  NOTIFICATION_DATABASE_URL: envPostgresUrl.optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'must be a redis:// URL')
    .optional(),
  POS_SERVICE_TOKEN: envToken.optional(),
  POS_DEMO_TERMINAL_TOKEN: envToken.optional(),
  POS_DEMO_MANAGER_TOKEN: envToken.optional(),
});
export type DevstackConfig = z.infer<typeof schema>;

export function loadDevstackConfig(env: NodeJS.ProcessEnv = process.env): DevstackConfig {
  const config = readEnv(schema, env);
  return { ...config, POS_DATA_DIR: resolve(config.POS_DATA_DIR) };
}
