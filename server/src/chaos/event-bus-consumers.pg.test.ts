/**
 * Issue 16, point 6: the event consumers through faults, on both transports. The kitchen and the
 * notification service run as real processes (their production main.ts) and are SIGKILLed mid-stream
 * and started again; on Redis, Redis itself restarts empty mid-stream and the services' relays are cut
 * from it (a partition) for a while. Sales keep coming throughout: café and plain, with and without a
 * receipt email, declined cards and cancelled pending ones. After the heal the consumer invariants
 * (consumer-invariants.ts) hold: every confirmed kitchen order has exactly one live or bumped ticket,
 * every receipt request exactly one email, a cancelled order no live ticket.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevMailServer, startDevMailServer } from '../dev-mail/dev-mail-server.ts';
import { type ChildSpec, createSupervisor } from '../devstack/child-process-supervisor.ts';
import { waitUntilReady } from '../devstack/wait-until-ready.ts';
import { type OrderFactory, orderFactory } from '../pos-core/test-orders.ts';
import { waitUntil } from '../pos-core/wait-until.ts';
import { type FaultProxy, startFaultProxy } from '../testing/fault-proxy.ts';
import { freePort } from '../testing/free-port.ts';
import { startTestRedis, type TestRedis } from '../testing/redis-server.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { checkConsumerInvariants } from './consumer-invariants.ts';

const SERVER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const TOASTIE = { productId: 'p-toastie', unitPrice: 590, taxRateBps: 1900 };
const ESPRESSO = { productId: 'p-espresso', unitPrice: 250, taxRateBps: 1900 };

describe.each(['postgres', 'redis'] as const)('event consumers through faults on %s', (transport) => {
  let redis: TestRedis | null = null;
  let relayLink: FaultProxy | null = null;
  let mail: DevMailServer;
  let stack: TestStack;
  let kitchenDb: TestDatabase;
  let notificationDb: TestDatabase;
  let orders: OrderFactory;
  const supervisor = createSupervisor(
    () => {},
    () => {},
  );
  const specs: Record<'kitchen' | 'notification', ChildSpec & { ready: string }> = {} as never;

  beforeAll(async () => {
    if (transport === 'redis') {
      redis = await startTestRedis();
      // The services reach Redis through a fault proxy (to cut the relays); the consumers directly.
      relayLink = await startFaultProxy({ target: { host: '127.0.0.1', port: redis.port } });
    }
    mail = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
    stack = await startTestStack(relayLink ? { redisUrl: `redis://127.0.0.1:${relayLink.port}` } : {});
    [kitchenDb, notificationDb] = await Promise.all([createTestDatabase('chaos_kitchen'), createTestDatabase('chaos_notification')]);
    const common: NodeJS.ProcessEnv = {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
      POS_SERVICE_TOKEN: stack.tokens.service,
      POS_INTROSPECTION_URL: stack.urls.posCore,
      BUS_TAKEOVER_MS: '1000',
      BUS_POS_CORE_DATABASE_URL: stack.databaseUrls.posCore,
      BUS_INVENTORY_DATABASE_URL: stack.databaseUrls.inventory,
      BUS_PAYMENT_DATABASE_URL: stack.databaseUrls.payment,
      REDIS_URL: redis?.url ?? '',
    };
    const spec = (name: 'kitchen' | 'notification', env: NodeJS.ProcessEnv, port: number) => ({
      name,
      command: process.execPath,
      args: ['--import', 'tsx', join(SERVER_DIR, 'src', name, 'main.ts')],
      env: { ...common, ...env },
      cwd: SERVER_DIR,
      restart: false,
      ready: `http://127.0.0.1:${port}/readyz`,
    });
    const [kitchenPort, notificationPort] = [await freePort(), await freePort()];
    specs.kitchen = spec('kitchen', { KITCHEN_PORT: String(kitchenPort), KITCHEN_DATABASE_URL: kitchenDb.url }, kitchenPort);
    specs.notification = spec(
      'notification',
      {
        NOTIFICATION_PORT: String(notificationPort),
        NOTIFICATION_DATABASE_URL: notificationDb.url,
        NOTIFICATION_SMTP_URL: `smtp://127.0.0.1:${mail.smtpPort}`,
      },
      notificationPort,
    );
    await Promise.all(Object.values(specs).map((s) => start(s.name as 'kitchen' | 'notification')));
    orders = orderFactory();
  }, 180_000);
  afterAll(async () => {
    await supervisor.stop();
    await stack?.stop();
    await Promise.all([kitchenDb?.drop(), notificationDb?.drop()]);
    await mail?.stop();
    await relayLink?.close();
    await redis?.stop();
  });

  async function start(name: 'kitchen' | 'notification') {
    supervisor.start(specs[name]);
    await waitUntilReady(specs[name].ready, 60_000);
  }
  const crash = (name: 'kitchen' | 'notification') => supervisor.stopOne(name, 'SIGKILL');

  /** One sale of the mix; resolves when POS Core answered (and a pending one was cancelled). */
  async function sell(i: number) {
    const email = `customer-${transport}-${i}@example.com`;
    const kinds = [
      () => orders.cash([{ product: TOASTIE }], { receiptEmail: email }),
      () => orders.cash([{ product: TOASTIE, quantity: 2 }, { product: ESPRESSO }]),
      () => orders.cash([{ product: ESPRESSO }], { receiptEmail: email }),
      () => orders.card('tok_declined', [{ product: TOASTIE }], { receiptEmail: email }),
      () => orders.card('tok_processor_timeout', [{ product: TOASTIE }], { receiptEmail: email }),
    ];
    const order = (kinds[i % kinds.length] as () => { id: string })();
    const res = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
    expect([201, 202]).toContain(res.status);
    if (res.body.order.status === 'pending') {
      const cancel = await stack.call('posCore', 'POST', `/v1/orders/${order.id}/cancel`, { as: 'manager' });
      expect(cancel.status).toBeLessThan(300);
    }
  }

  /** `count` sales, `fault` injected once a third of them went through. */
  async function salesWith(from: number, count: number, fault: () => Promise<void>) {
    for (let i = from; i < from + count; i += 5) {
      await Promise.all([0, 1, 2, 3, 4].map((k) => sell(i + k)));
      if (i - from === Math.floor(count / 15) * 5) await fault();
    }
  }

  it('when consumers are killed mid-stream (and Redis restarts, and the relays are cut), then after the heal the invariants hold', async () => {
    await salesWith(0, 30, async () => {
      await crash('kitchen');
      await new Promise((r) => setTimeout(r, 300));
      await start('kitchen');
    });
    await salesWith(30, 30, async () => {
      await crash('notification');
      await new Promise((r) => setTimeout(r, 300));
      await start('notification');
    });
    if (redis && relayLink) {
      const redisServer = redis;
      const link = relayLink;
      await salesWith(60, 30, async () => {
        await redisServer.restart();
      });
      await salesWith(90, 30, async () => {
        link.setFault({ kind: 'partition' });
        setTimeout(() => link.setFault({ kind: 'none' }), 2_000);
      });
    }
    const world = () => ({
      posCore: stack.pools.posCore,
      inventory: stack.pools.inventory,
      kitchen: kitchenDb.pool,
      mails: mail.messages(),
    });
    let last: string[] = [];
    await waitUntil(
      async () => {
        last = await checkConsumerInvariants(world());
        return last.length === 0;
      },
      'the consumer invariants to hold',
      90_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${last.slice(0, 10).join('; ')}`);
    });
    // Held, and stay held: nothing arrives twice later.
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await checkConsumerInvariants(world())).toEqual([]);
    const tickets = await kitchenDb.pool.query<{ n: number }>("SELECT count(*)::int AS n FROM kitchen_tickets WHERE status = 'open'");
    expect(tickets.rows[0]?.n).toBeGreaterThan(0);
    expect(mail.messages().length).toBeGreaterThan(0);

    // The checker is not vacuous: a receipt sent twice and a lost ticket are both reported.
    const receipt = mail.messages().find((m) => m.messageId?.startsWith('<receipt.'));
    const lost = await kitchenDb.pool.query<{ order_id: string }>(
      "DELETE FROM kitchen_tickets WHERE status = 'open' AND order_id IN (SELECT order_id FROM kitchen_tickets WHERE status = 'open' LIMIT 1) RETURNING order_id",
    );
    const broken = await checkConsumerInvariants({ ...world(), mails: [...mail.messages(), receipt as never] });
    expect(broken).toContainEqual(expect.stringMatching(/^N1 receipt of confirmed order .+ sent 2 times$/));
    expect(broken).toContainEqual(
      expect.stringContaining(`K1 confirmed kitchen order demo-store/${lost.rows[0]?.order_id} has tickets []`),
    );
  }, 300_000);
});
