import type { PosEvent } from '@pos/shared/event';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeBody, newOrderId, type PaymentHarness, startPaymentHarness, TOKENS } from '../../testing/payment-harness.ts';

let h: PaymentHarness;
beforeAll(async () => {
  h = await startPaymentHarness('payment_money', 200);
});
afterAll(() => h?.close());

const authorize = (orderId: string, cardToken = 'tok_visa', amount = 1_000) =>
  h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body: authorizeBody(orderId, cardToken, amount) });
const capture = (orderId: string, amount: number, key = `${orderId}:capture`) =>
  h.call('POST', `/v1/payments/${orderId}/capture`, { key, body: { amount } });
const refund = (orderId: string, amount: number, key = `${orderId}:refund`) =>
  h.call('POST', `/v1/payments/${orderId}/refund`, { key, body: { amount } });
const voidIt = (orderId: string, key = `${orderId}:void`) => h.call('POST', `/v1/payments/${orderId}/void`, { key, body: {} });

/** Waits (polling, bounded) until the events feed has what `done` looks for. */
async function eventsUntil(done: (events: PosEvent[]) => boolean): Promise<PosEvent[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const events: PosEvent[] = (await h.call('GET', '/v1/events?after=0&limit=1000')).body.events;
    if (done(events) || Date.now() > deadline) return events;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('authorize → capture → refund', () => {
  it('when an authorized payment is captured and partly refunded, then the amounts add up and each step is audited and published', async () => {
    const orderId = newOrderId();
    expect((await authorize(orderId, 'tok_visa', 1_000)).status).toBe(201);

    const captured = await capture(orderId, 900);
    expect(captured.status).toBe(200);
    expect(captured.body.payment).toMatchObject({ status: 'captured', amount: 1_000, capturedAmount: 900, refundedAmount: 0 });

    const refunded = await refund(orderId, 400);
    expect(refunded.status).toBe(200);
    expect(refunded.body.payment).toMatchObject({ status: 'refunded', capturedAmount: 900, refundedAmount: 400 });

    expect(await h.rows('payment_operations', orderId)).toMatchObject([
      { kind: 'authorize', amount: 1_000 },
      { kind: 'capture', amount: 900 },
      { kind: 'refund', amount: 400 },
    ]);
    const mine = (events: PosEvent[]) => events.filter((e) => e.correlationId === orderId).map((e) => e.type);
    const events = await eventsUntil((all) => mine(all).length === 3);
    expect(mine(events)).toEqual(['payment.authorized', 'payment.captured', 'payment.refunded']);
  });

  it('when a capture is retried with its key, then it is a replay and money moved once', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    const first = await capture(orderId, 1_000);
    const again = await capture(orderId, 1_000);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await h.rows('payment_operations', orderId)).filter((o) => o.kind === 'capture')).toHaveLength(1);
  });

  it('when a capture exceeds the authorization, then 409 and the payment stays authorized; a valid capture with the same key then succeeds', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 'tok_visa', 1_000);
    const over = await capture(orderId, 1_001, `${orderId}:capture-over`);
    expect(over.status).toBe(409);
    expect(over.headers.get('retry-after')).toBeNull();
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'authorized', captured_amount: 0 }]);
    expect((await capture(orderId, 1_000)).status).toBe(200);
  });

  it('when a refund exceeds what was captured, then 409 and nothing is refunded', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 'tok_visa', 1_000);
    await capture(orderId, 600);
    expect((await refund(orderId, 601)).status).toBe(409);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'captured', captured_amount: 600, refunded_amount: 0 }]);
  });

  it('when refunds with different keys together would exceed the capture, then the one that would exceed is 409', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 'tok_visa', 1_000);
    await capture(orderId, 1_000);
    expect((await refund(orderId, 700, `${orderId}:refund-1`)).status).toBe(200);
    expect((await refund(orderId, 301, `${orderId}:refund-2`)).status).toBe(409);
    expect(await h.rows('payments', orderId)).toMatchObject([{ refunded_amount: 700 }]);
  });

  it('when an authorized payment is refunded, then 409: only captured money is refunded', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    expect((await refund(orderId, 1)).status).toBe(409);
  });
});

describe('void', () => {
  it('when an authorized payment is voided, then it is voided; a replay and another void answer voided without another change', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    const voided = await voidIt(orderId);
    expect(voided.status).toBe(200);
    expect(voided.body.payment).toMatchObject({ status: 'voided', capturedAmount: 0 });
    const replay = await voidIt(orderId);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(voided.body);
    const otherKey = await voidIt(orderId, `${orderId}:void-again`);
    expect(otherKey.body.payment.status).toBe('voided');
    expect((await h.rows('payment_operations', orderId)).map((o) => o.kind)).toEqual(['authorize', 'void']);
  });

  it('when the void has no body at all, then it is the same as {}', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    const res = await h.call('POST', `/v1/payments/${orderId}/void`, { key: `${orderId}:void` });
    expect(res.body.payment.status).toBe('voided');
  });

  it('when a captured payment is voided, then 409 (refund instead) and it stays captured', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    await capture(orderId, 1_000);
    const res = await voidIt(orderId);
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/refund/);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'captured' }]);
  });

  it('when a voided payment is captured, then 409', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    await voidIt(orderId);
    expect((await capture(orderId, 100)).status).toBe(409);
  });

  it('when a declined payment is captured, then 409', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 'tok_declined');
    expect((await capture(orderId, 100)).status).toBe(409);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'declined', captured_amount: 0 }]);
  });
});

describe('requests that find nothing or are malformed', () => {
  it('when the order has no payment, then a void leaves a voided tombstone and a later authorization is refused', async () => {
    const orderId = newOrderId();
    const voided = await voidIt(orderId);
    expect(voided.status).toBe(200);
    expect(voided.body.payment).toMatchObject({ orderId, status: 'voided', amount: 0, capturedAmount: 0 });
    expect((await voidIt(orderId)).headers.get('idempotent-replayed')).toBe('true');
    // The authorize that was still in flight when the saga compensated lands now: it must not hold funds.
    expect((await authorize(orderId)).status).toBe(409);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'voided', amount: 0 }]);
  });

  it.each([
    ['capture', (id: string) => capture(id, 100)],
    ['refund', (id: string) => refund(id, 100)],
  ])('when the order has no payment, then %s answers 404 and the key stays free', async (_, call) => {
    const orderId = newOrderId();
    expect((await call(orderId)).status).toBe(404);
    const keys = await h.db.pool.query('SELECT 1 FROM idempotency_keys WHERE key LIKE $1', [`${orderId}%`]);
    expect(keys.rowCount).toBe(0);
  });

  it.each([
    ['a negative amount', { amount: -1 }],
    ['a zero amount', { amount: 0 }],
    ['an unknown field', { amount: 100, reason: 'x' }],
    ['the amount as a string', { amount: '100' }],
  ])('when a capture has %s, then 400 with errors[] and nothing changes', async (_, body) => {
    const orderId = newOrderId();
    await authorize(orderId);
    const res = await h.call('POST', `/v1/payments/${orderId}/capture`, { key: `${orderId}:capture`, body });
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'authorized', captured_amount: 0 }]);
  });

  it('when the order id in the path is no uuid, then 400', async () => {
    const res = await h.call('POST', '/v1/payments/not-a-uuid/capture', { key: 'not-a-uuid:capture', body: { amount: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([{ path: 'orderId' }]);
  });

  it('when a void carries a body, then 400', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    expect((await h.call('POST', `/v1/payments/${orderId}/void`, { key: `${orderId}:void`, body: { amount: 5 } })).status).toBe(400);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'authorized' }]);
  });

  it('when a till tries to capture, void or refund, then 403', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    for (const action of ['capture', 'void', 'refund']) {
      const res = await h.call('POST', `/v1/payments/${orderId}/${action}`, {
        token: TOKENS.terminal,
        key: `${orderId}:${action}`,
        body: { amount: 1 },
      });
      expect(res.status).toBe(403);
    }
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'authorized' }]);
  });
});

describe('GET /v1/events', () => {
  it('when paging by position, then events come after the given position, at most `limit`', async () => {
    await authorize(newOrderId());
    await authorize(newOrderId());
    const all = await eventsUntil((events) => events.length >= 2);
    const first = all[0]!;
    const page = await h.call('GET', `/v1/events?after=${first.id}&limit=1`, { token: TOKENS.manager });
    expect(page.status).toBe(200);
    expect(page.body.events).toHaveLength(1);
    expect(Number(page.body.events[0].id)).toBeGreaterThan(Number(first.id));
  });

  it.each(['?after=-1', '?limit=0', '?limit=abc', '?cursor=1'])('when the query is %s, then 400', async (query) => {
    expect((await h.call('GET', `/v1/events${query}`)).status).toBe(400);
  });

  it('when a till asks, then 403', async () => {
    expect((await h.call('GET', '/v1/events', { token: TOKENS.terminal })).status).toBe(403);
  });
});
