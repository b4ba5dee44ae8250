import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchStack } from './launch-stack.ts';

const EXITS_AT_START = fileURLToPath(new URL('../testing/fixtures/exits-at-start.ts', import.meta.url));
const ENV_ECHO = fileURLToPath(new URL('../testing/fixtures/env-echo-service.ts', import.meta.url));
const DATABASE = 'postgres://nobody:secret@127.0.0.1:1/none';

describe('launchStack', () => {
  it('when a service exits before it is ready, then the start fails with its exit code and last output, not at the readiness timeout', async () => {
    const started = Date.now();
    const launching = launchStack({
      services: ['payment'],
      // Given, so no PostgreSQL is started; the fixture never connects.
      databaseUrls: { payment: 'postgres://nobody:secret@127.0.0.1:1/none' },
      entries: { payment: EXITS_AT_START },
    });
    await expect(launching).rejects.toThrow(/payment exited during start \(3\):[\s\S]*cannot start: the fixture always fails/);
    // The readiness wait is 60 s; the exit is noticed as it happens.
    expect(Date.now() - started).toBeLessThan(30_000);
  });

  it('when a service is launched, then it gets its port, its database through what is interposed, the credentials and the options; stopped and started again, it comes back on its port', async () => {
    const interposed: string[] = [];
    const stack = await launchStack({
      services: ['payment'],
      databaseUrls: { payment: DATABASE },
      entries: { payment: ENV_ECHO },
      tokens: { service: 'service-token-0123456789', manager: 'manager-token-0123456789' },
      logLevel: 'warn',
      redis: { url: 'redis://127.0.0.1:6390' },
      serviceEnv: { payment: { EXTRA: 'yes' } },
      interpose: async (link, target) => {
        interposed.push(link);
        return target.replace(':1/', ':2/');
      },
    });
    try {
      const env = async () => (await fetch(`${stack.urls.payment}/env`)).json();
      expect(await env()).toEqual({
        PAYMENT_DATABASE_URL: 'postgres://nobody:secret@127.0.0.1:2/none',
        POS_SERVICE_TOKEN: 'service-token-0123456789',
        POS_DEMO_MANAGER_TOKEN: 'manager-token-0123456789',
        LOG_LEVEL: 'warn',
        REDIS_URL: 'redis://127.0.0.1:6390',
        EXTRA: 'yes',
      });
      // The assertion side reads the database directly.
      expect(stack.databaseUrl('payment')).toBe(DATABASE);
      expect(interposed).toEqual(['paymentDatabase']);
      const port = stack.ports.payment;
      const pid = stack.pid('payment');
      expect(pid).toEqual(expect.any(Number));

      await stack.stopService('payment', 'SIGKILL');
      expect(stack.running('payment')).toBe(false);
      expect(stack.pid('payment')).toBeNull();
      await expect(fetch(`${stack.urls.payment}/readyz`)).rejects.toThrow();

      await stack.startService('payment');
      expect(stack.running('payment')).toBe(true);
      expect(stack.pid('payment')).not.toBe(pid);
      expect(stack.ports.payment).toBe(port);
      expect((await fetch(`${stack.urls.payment}/readyz`)).status).toBe(200);
    } finally {
      await stack.stop();
    }
    await expect(fetch(`${stack.urls.payment}/readyz`)).rejects.toThrow();
  });
});
