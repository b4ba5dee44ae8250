/**
 * The body of every service's `main.ts`: read the configuration (a ConfigError prints what is wrong
 * and exits 1 — no stack trace, it is not a bug), log it with secrets masked, start the service, and
 * on SIGINT / SIGTERM stop it and exit 0.
 */
import { ConfigError, maskSecrets } from './env.ts';
import { createLogger } from './logger.ts';
import type { RunningService, ServiceName } from './service-runtime.ts';

export function runServiceMain<C extends { LOG_LEVEL: string }>(
  name: ServiceName,
  loadConfig: () => C,
  start: (config: C) => Promise<RunningService>,
): void {
  const main = async () => {
    const config = loadConfig();
    createLogger(name, config.LOG_LEVEL).info({ config: maskSecrets(config) }, 'configuration');
    const service = await start(config);
    const stop = () => {
      service.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  };
  main().catch((error: unknown) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
