/**
 * `tsx src/dev-mail/main.ts`: the dev stack's local mail server (dev-mail-server.ts).
 *   DEV_MAIL_SMTP_PORT   SMTP port the notification service sends to   (default 2525)
 *   DEV_MAIL_PORT        the web inbox                                 (default 4005)
 */
import { z } from 'zod';
import { ConfigError, envPort, readEnv } from '../common/env.ts';
import { startDevMailServer } from './dev-mail-server.ts';

const env = z.object({ DEV_MAIL_SMTP_PORT: envPort(2525), DEV_MAIL_PORT: envPort(4005) });

async function main() {
  const config = readEnv(env);
  const server = await startDevMailServer({ smtpPort: config.DEV_MAIL_SMTP_PORT, httpPort: config.DEV_MAIL_PORT });
  process.stdout.write(`SMTP on 127.0.0.1:${server.smtpPort}, inbox at http://127.0.0.1:${server.httpPort}/\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});
