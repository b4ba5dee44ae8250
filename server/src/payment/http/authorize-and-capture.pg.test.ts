import type { PosEvent } from '@pos/shared/event';
import { payment as paymentSchema, TEST_CARD_TOKENS } from '@pos/shared/payment';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeBody, newOrderId, type PaymentHarness, startPaymentHarness } from '../../testing/payment-harness.ts';

let h: PaymentHarness;
beforeAll(async () => {
  h = await startPaymentHarness('payment_authorize_capture', 200);
});
afterAll(() => h?.close());

const charge = (orderId: string, cardToken = 'tok_visa', amount = 1_500) =>
  h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body: { ...authorizeBody(orderId, cardToken, amount), capture: true } });

/** The events of one order, in feed order, once `count` of them are there (polling, bounded). */
async function eventsOf(orderId: string, count: number): Promise<PosEvent[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const all: PosEvent[] = (await h.call('GET', '/v1/events?after=0&limit=1000')).body.events;
    const mine = all.filter((e) => e.correlationId === orderId);
    if (mine.length >= count || Date.now() > deadline) return mine;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const keyRow = async (orderId: string) =>
  (await h.db.pool.query('SELECT state, resource_id FROM idempotency_keys WHERE key = $1', [`${orderId}:authorize`])).rows;

describe('POST /v1/payments with capture: true (authorize and capture in one call)', () => {
  it('when the card is approved, then the payment is captured at once, with both operations and both events, in order', async () => {
    const orderId = newOrderId();
    const res = await charge(orderId);
    expect(res.status).toBe(201);
    expect(paymentSchema.parse(res.body.payment)).toMatchObject({
      orderId,
      part: 1,
      status: 'captured',
      amount: 1_500,
      capturedAmount: 1_500,
      refundedAmount: 0,
      declineReason: null,
    });
    expect(await h.rows('payments', orderId)).toMatchObject([
      { status: 'captured', amount: 1_500, captured_amount: 1_500, card_brand: 'visa' },
    ]);
    expect(await h.rows('payment_operations', orderId)).toMatchObject([
      { kind: 'authorize', amount: 1_500, idempotency_key: `${orderId}:authorize` },
      { kind: 'capture', amount: 1_500, idempotency_key: `${orderId}:authorize` },
    ]);
    // The key completed by the same statement, pointing at the payment.
    expect(await keyRow(orderId)).toEqual([{ state: 'completed', resource_id: res.body.payment.id }]);
    const events = await eventsOf(orderId, 2);
    expect(events.map((e) => e.type)).toEqual(['payment.authorized', 'payment.captured']);
    expect(events[0]?.data).toMatchObject({ id: res.body.payment.id, status: 'authorized', capturedAmount: 0, amount: 1_500 });
    expect(events[1]?.data).toMatchObject({ id: res.body.payment.id, status: 'captured', capturedAmount: 1_500, amount: 1_500 });
    expect(events[0]?.lamport).toBeLessThan(events[1]?.lamport ?? 0);
  });

  it('when the same call is retried with its key, then it is a replay: one payment, captured once', async () => {
    const orderId = newOrderId();
    const first = await charge(orderId);
    const again = await charge(orderId);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await h.rows('payments', orderId)).toHaveLength(1);
    expect((await h.rows('payment_operations', orderId)).map((o) => o.kind)).toEqual(['authorize', 'capture']);
    // A separate capture finds nothing left to capture: money moved once.
    const capture = await h.call('POST', `/v1/payments/${orderId}/capture`, { key: `${orderId}:capture`, body: { amount: 1_500 } });
    expect(capture.status).toBe(409);
    expect((await h.rows('payment_operations', orderId)).map((o) => o.kind)).toEqual(['authorize', 'capture']);
  });

  it('when 30 identical calls race on one key, then exactly one payment, captured once; the others are 409 or replays', async () => {
    const orderId = newOrderId();
    const answers = await Promise.all(Array.from({ length: 30 }, () => charge(orderId)));
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'captured', captured_amount: 1_500 }]);
    expect((await h.rows('payment_operations', orderId)).map((o) => o.kind)).toEqual(['authorize', 'capture']);
    const fresh = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const a of answers) {
      if (a.status === 201) expect(a.body.payment.id).toBe(fresh[0]?.body.payment.id);
      else expect(a.status).toBe(409);
    }
  });

  it('when the same key comes without capture, then 422: the key pins what was asked, nothing changes', async () => {
    const orderId = newOrderId();
    await charge(orderId);
    const plain = await h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body: authorizeBody(orderId, 'tok_visa', 1_500) });
    expect(plain.status).toBe(422);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'captured', captured_amount: 1_500 }]);
  });

  it('when the order part was voided first (a tombstone), then 409 and nothing is authorized or captured', async () => {
    const orderId = newOrderId();
    const voided = await h.call('POST', `/v1/payments/${orderId}/void`, { key: `${orderId}:void`, body: {} });
    expect(voided.body.payment).toMatchObject({ status: 'voided', amount: 0 });
    const late = await charge(orderId);
    expect(late.status).toBe(409);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'voided', amount: 0, captured_amount: 0 }]);
    expect((await h.rows('payment_operations', orderId)).map((o) => o.kind)).toEqual(['void']);
    expect(await keyRow(orderId)).toEqual([]);
  });

  it('when the card is declined, then the decline is recorded as without capture, and a retry answers the same', async () => {
    const orderId = newOrderId();
    const first = await charge(orderId, TEST_CARD_TOKENS.decline);
    expect(first.status).toBe(201);
    expect(first.body.payment).toMatchObject({ status: 'declined', declineReason: 'card_declined', capturedAmount: 0 });
    const again = await charge(orderId, TEST_CARD_TOKENS.decline);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await h.rows('payments', orderId)).toMatchObject([{ status: 'declined', captured_amount: 0 }]);
    expect((await h.rows('payment_operations', orderId)).map((o) => o.kind)).toEqual(['decline']);
    expect((await eventsOf(orderId, 1)).map((e) => e.type)).toEqual(['payment.declined']);
  });

  it('when the processor does not answer, then 503 and nothing is recorded, the key given back', async () => {
    const orderId = newOrderId();
    const res = await charge(orderId, TEST_CARD_TOKENS.processorTimeout);
    expect(res.status).toBe(503);
    expect(await h.rows('payments', orderId)).toEqual([]);
    expect(await keyRow(orderId)).toEqual([]);
  });

  it('when a payment captured at once is compensated, then it is refunded in full (a void is refused)', async () => {
    const orderId = newOrderId();
    await charge(orderId);
    expect((await h.call('POST', `/v1/payments/${orderId}/void`, { key: `${orderId}:void`, body: {} })).status).toBe(409);
    const refund = await h.call('POST', `/v1/payments/${orderId}/refund`, { key: `${orderId}:refund`, body: { amount: 1_500 } });
    expect(refund.status).toBe(200);
    expect(refund.body.payment).toMatchObject({ status: 'refunded', capturedAmount: 1_500, refundedAmount: 1_500 });
  });
});
