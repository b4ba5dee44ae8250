/**
 * Issue 16, point 6: the event consumers through faults, on both transports. The kitchen and the
 * notification service run as real processes (their production main.ts) and are SIGKILLed mid-stream
 * and started again; on Redis, Redis itself restarts empty mid-stream and the services' relays are cut
 * from it (a partition) for a while. Sales keep coming throughout: café and plain, with and without a
 * receipt email, declined cards and cancelled pending ones. After the heal the consumer invariants
 * (consumer-invariants.ts) hold: every confirmed kitchen order has exactly one live or bumped ticket,
 * every receipt request exactly one email, a cancelled order no live ticket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../stack/redis-server.ts';
import { type FaultProxy, startFaultProxy } from '../testing/fault-proxy.ts';
import { type OrderFactory, orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { checkConsumerInvariants } from './consumer-invariants.ts';
import { type ConsumerName, type ConsumerProcesses, startConsumerProcesses } from './consumer-processes.ts';

const TOASTIE = { productId: 'p-toastie', unitPrice: 590, taxRateBps: 1900 };
const ESPRESSO = { productId: 'p-espresso', unitPrice: 250, taxRateBps: 1900 };

describe.each(['postgres', 'redis'] as const)('event consumers through faults on %s', (transport) => {
  let redis: RedisServer | null = null;
  let relayLink: FaultProxy | null = null;
  let stack: TestStack;
  let consumers: ConsumerProcesses;
  let orders: OrderFactory;

  beforeAll(async () => {
    if (transport === 'redis') {
      redis = await startRedisServer();
      // The services reach Redis through a fault proxy (to cut the relays); the consumers directly.
      relayLink = await startFaultProxy({ target: { host: '127.0.0.1', port: redis.port } });
    }
    stack = await startTestStack(relayLink ? { redisUrl: `redis://127.0.0.1:${relayLink.port}` } : {});
    consumers = await startConsumerProcesses({ stack, ...(redis ? { redisUrl: redis.url } : {}) });
    orders = orderFactory();
  }, 180_000);
  afterAll(async () => {
    await consumers?.stop();
    await stack?.stop();
    await relayLink?.close();
    await redis?.stop();
  });

  const start = (name: ConsumerName) => consumers.start(name);
  const crash = (name: ConsumerName) => consumers.kill(name);

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
    const world = () => consumers.world();
    const { kitchenDb, mail } = consumers;
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
    const broken = await checkConsumerInvariants({ ...world(), mails: [...mail.messages(), receipt as never], notificationKills: [] });
    expect(broken).toContainEqual(expect.stringMatching(/^N1 receipt of confirmed order .+ sent 2 times$/));
    // Only a kill right as the first copy arrived explains a second one (the window SMTP leaves).
    const firstAt = Date.parse(receipt?.receivedAt ?? '');
    const resent = { ...receipt, receivedAt: new Date(firstAt + 3_000).toISOString() } as never;
    const orderId = /^<receipt\.(.+)@/.exec(receipt?.messageId ?? '')?.[1] ?? 'none';
    const orderOf = (v: string) => v.startsWith('N1') && v.includes(orderId);
    const inWindow = await checkConsumerInvariants({ ...world(), mails: [...mail.messages(), resent], notificationKills: [firstAt + 20] });
    expect(inWindow.filter(orderOf)).toEqual([]);
    const outside = await checkConsumerInvariants({
      ...world(),
      mails: [...mail.messages(), resent],
      notificationKills: [firstAt - 2_000],
    });
    expect(outside.filter(orderOf)).toEqual([expect.stringMatching(/^N1 receipt of confirmed order .+ sent 2 times$/)]);
    expect(broken).toContainEqual(
      expect.stringContaining(`K1 confirmed kitchen order demo-store/${lost.rows[0]?.order_id} has tickets []`),
    );
  }, 300_000);
});
