/**
 * The notification service end to end on both event-bus transports: real services on real
 * PostgreSQL (and a real Redis), mail through real SMTP into the local dev mail server. One email
 * per receipt request and per low-stock crossing, also when the service is restarted mid-stream,
 * when the SMTP server refuses a mail of a batch for a while, and with two instances on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetric } from '../chaos/scrape-metric.ts';
import { type DevMailServer, startDevMailServer } from '../dev-mail/dev-mail-server.ts';
import { type RedisServer, startRedisServer } from '../stack/redis-server.ts';
import { stackSources, startTestConsumer, type TestConsumer } from '../testing/start-test-consumer.ts';
import { submitOrder } from '../testing/submit-order.ts';
import { MUG, type OrderFactory, orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { notificationService } from './service.ts';

describe.each(['postgres', 'redis'] as const)('notification on %s', (transport) => {
  let redis: RedisServer | null = null;
  let mail: DevMailServer;
  let stack: TestStack;
  let notification: TestConsumer;
  let orders: OrderFactory;
  const definition = () =>
    notificationService({
      smtpUrl: `smtp://127.0.0.1:${mail.smtpPort}`,
      from: 'Demo store <receipts@demo-store.example>',
      redisUrl: redis?.url,
      sourceUrls: stackSources(stack),
      takeOverMs: 2_000,
    });

  beforeAll(async () => {
    redis = transport === 'redis' ? await startRedisServer() : null;
    mail = await startDevMailServer({ smtpPort: 0, httpPort: 0 });
    stack = await startTestStack(redis ? { redisUrl: redis.url } : {});
    notification = await startTestConsumer(stack, 'notification', definition);
    orders = orderFactory();
  });
  afterAll(async () => {
    await notification?.stop();
    await stack?.stop();
    await mail?.stop();
    await redis?.stop();
  });

  const submit = (body: { id: string }) => submitOrder(stack, body);
  const mailsTo = (address: string) => mail.messages().filter((m) => m.to.includes(address));
  const metric = async (of: TestConsumer, name: string) => (await scrapeMetric(of.url, name, { kind: 'receipt' })) ?? 0;
  const receiptsTo = (addresses: (i: number) => string, count: number) =>
    Array.from({ length: count }, (_, i) => orders.cash([{}], { receiptEmail: addresses(i) }));
  const everyReceiptSentOnce = async (burst: { id: string; receiptEmail?: string }[]) => {
    for (const o of burst) expect(mailsTo(o.receiptEmail as string)).toHaveLength(1);
    const { rows } = await notification.db.pool.query<{ order_id: string; message_id: string; status: string }>(
      'SELECT order_id, message_id, status FROM receipt_requests WHERE order_id = ANY($1::text[])',
      [burst.map((o) => o.id)],
    );
    expect(rows).toHaveLength(burst.length);
    for (const r of rows) {
      expect(r.status).toBe('sent');
      expect(mail.messages().filter((m) => m.messageId === r.message_id)).toHaveLength(1);
    }
  };

  it('when a confirmed sale asked for a receipt, then exactly one email goes to that address, with its Message-ID recorded', async () => {
    const plain = await submit(orders.cash());
    // A Swiss-franc sale: the receipt shows the order's own currency, never an assumed one.
    const order = await submit(orders.cash([{ quantity: 2 }], { receiptEmail: `customer-${transport}@example.com`, currency: 'CHF' }));
    expect(order.status).toBe('confirmed');
    await waitUntil(async () => mailsTo(`customer-${transport}@example.com`).length === 1, 'the receipt');
    const [receipt] = mailsTo(`customer-${transport}@example.com`);
    expect(receipt?.subject).toBe(`Your receipt (demo-till-1 #${order.seq})`);
    expect(receipt?.text).toContain('2 × Espresso');
    expect(receipt?.text).toMatch(/Total CHF\s5\.00/);
    expect(receipt?.text).toContain(order.id);
    const { rows } = await notification.db.pool.query('SELECT message_id FROM receipt_requests WHERE order_id = $1', [order.id]);
    expect(rows[0]?.message_id).toBe(receipt?.messageId);
    const none = await notification.db.pool.query('SELECT sent_at FROM receipt_requests WHERE order_id = $1', [plain.id]);
    expect(none.rows.every((r) => r.sent_at === null)).toBe(true);
  });

  it('when the service restarts while receipts are being sent, then every receipt is still sent exactly once', async () => {
    const sent = Array.from({ length: 30 }, (_, i) => orders.cash([{}], { receiptEmail: `burst-${transport}-${i}@example.com` }));
    const submitting = Promise.all(sent.map((o) => submit(o)));
    await waitUntil(async () => mail.messages().some((m) => m.to[0]?.startsWith(`burst-${transport}-`)), 'the first burst receipt');
    await notification.restart();
    await submitting;
    await waitUntil(async () => sent.every((o) => mailsTo(o.receiptEmail as string).length >= 1), 'every burst receipt', 30_000);
    for (const o of sent) expect(mailsTo(o.receiptEmail as string)).toHaveLength(1);
  });

  it('when available stock falls to its threshold, then the store gets one low-stock alert, and none for sales below it', async () => {
    // The limited mug: 10 in stock, threshold 1.
    const before = mailsTo('manager@demo-store.example').length;
    await submit(orders.cash([{ product: MUG, quantity: 9 }]));
    await waitUntil(async () => mailsTo('manager@demo-store.example').length === before + 1, 'the low-stock alert');
    const alert = mailsTo('manager@demo-store.example').at(-1);
    expect(alert?.subject).toBe('Low stock: Limited Edition Mug (1 left)');
    await submit(orders.cash([{ product: MUG, quantity: 1 }]));
    await waitUntil(
      async () =>
        (await notification.db.pool.query("SELECT available FROM catalogue_copy WHERE product_id = 'p-limited-edition-mug'")).rows[0]
          ?.available === 0,
      'the copy to see the last mug sold',
    );
    expect(mailsTo('manager@demo-store.example')).toHaveLength(before + 1);
  });

  it("when a manager sets the store's alert address, then it is the store's own; bad input is a 400 that changes nothing", async () => {
    expect((await notification.call('PUT', '/v1/store-contact', 'manager', { alertEmail: 'not an email' })).status).toBe(400);
    expect((await notification.call('PUT', '/v1/store-contact', 'manager', { alertEmail: 'a@b.example', x: 1 })).status).toBe(400);
    expect((await notification.call('GET', '/v1/store-contact')).body).toEqual({ alertEmail: 'manager@demo-store.example' });
    expect((await notification.call('GET', '/v1/store-contact', 'otherManager')).status).toBe(404);
    expect((await notification.call('GET', '/v1/store-contact', 'terminal')).status).toBe(403);
    const set = await notification.call('PUT', '/v1/store-contact', 'otherManager', { alertEmail: 'owner@other.example' });
    expect(set.status).toBe(200);
    expect((await notification.call('GET', '/v1/store-contact')).body).toEqual({ alertEmail: 'manager@demo-store.example' });
  });

  it('when the SMTP server refuses one receipt of a burst, then the others go out once each, and that one once, when it is accepted', async () => {
    const refused = `refused-${transport}@example.com`;
    const burst = receiptsTo((i) => (i === 4 ? refused : `batch-${transport}-${i}@example.com`), 12);
    const failuresBefore = await metric(notification, 'notification_mail_send_failures_total');
    mail.refuseRecipients((address) => address === refused);
    try {
      await Promise.all(burst.map((o) => submit(o)));
      const others = burst.filter((o) => o.receiptEmail !== refused);
      await waitUntil(async () => others.every((o) => mailsTo(o.receiptEmail as string).length >= 1), 'the other receipts', 30_000);
      await waitUntil(
        async () => (await metric(notification, 'notification_mail_send_failures_total')) >= failuresBefore + 2,
        'the refused receipt to be tried again',
      );
      await waitUntil(async () => (await metric(notification, 'notification_mail_due')) === 1, 'only the refused receipt to be due');
      expect(await metric(notification, 'notification_mail_oldest_due_seconds')).toBeGreaterThan(0);
      const { rows } = await notification.db.pool.query('SELECT status, attempts, sent_at FROM receipt_requests WHERE email = $1', [
        refused,
      ]);
      expect(rows[0]).toMatchObject({ status: 'due', sent_at: null });
      expect(rows[0]?.attempts).toBeGreaterThanOrEqual(2);
      expect(mailsTo(refused)).toHaveLength(0);
    } finally {
      mail.refuseRecipients(null);
    }
    await waitUntil(async () => mailsTo(refused).length === 1, 'the refused receipt, once accepted', 30_000);
    await waitUntil(async () => (await metric(notification, 'notification_mail_due')) === 0, 'nothing due');
    await everyReceiptSentOnce(burst);
  });

  it('when two instances share the database, then each receipt is sent once, by one of them', async () => {
    const second = await startTestConsumer(stack, 'notification', definition, notification);
    try {
      const sentBefore = await metric(notification, 'notification_mails_sent_total');
      const burst = receiptsTo((i) => `pair-${transport}-${i}@example.com`, 30);
      // The burst is recorded while the SMTP server refuses it, then both dispatchers find it due at once.
      mail.refuseRecipients((address) => address.startsWith(`pair-${transport}-`));
      try {
        await Promise.all(burst.map((o) => submit(o)));
        await waitUntil(async () => (await metric(notification, 'notification_mail_due')) === burst.length, 'the burst recorded', 30_000);
      } finally {
        mail.refuseRecipients(null);
      }
      await waitUntil(async () => (await metric(notification, 'notification_mail_due')) === 0, 'the burst sent', 60_000);
      await everyReceiptSentOnce(burst);
      const byFirst = (await metric(notification, 'notification_mails_sent_total')) - sentBefore;
      const bySecond = await metric(second, 'notification_mails_sent_total');
      expect(byFirst + bySecond).toBe(burst.length);
      expect(byFirst).toBeGreaterThan(0);
      expect(bySecond).toBeGreaterThan(0);
    } finally {
      await second.stop();
    }
  });
});
