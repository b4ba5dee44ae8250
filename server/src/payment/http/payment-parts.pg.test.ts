/**
 * Several cards for one order (issue #18): a payment per order and card part. Each part is authorized,
 * captured, voided and refunded on its own under its own key; the unique (order, tenant, part) key keeps
 * every part to one payment; a void of a part without a payment leaves that part's tombstone (G2).
 */
import { cardPartKey } from '@pos/shared/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeBody, newOrderId, type PaymentHarness, startPaymentHarness } from '../../testing/payment-harness.ts';

let h: PaymentHarness;
beforeAll(async () => {
  h = await startPaymentHarness('payment_parts', 200);
});
afterAll(() => h?.close());

const authorize = (orderId: string, part: number, amount: number, cardToken = 'tok_visa') =>
  h.call('POST', '/v1/payments', {
    key: cardPartKey(orderId, 'authorize', part),
    body: { ...authorizeBody(orderId, cardToken, amount), part },
  });
const move = (orderId: string, action: 'capture' | 'void' | 'refund', part: number, body: object = {}) =>
  h.call('POST', `/v1/payments/${orderId}/${action}`, { key: cardPartKey(orderId, action, part), body: { ...body, part } });
const listed = async (orderId: string) => (await h.call('GET', `/v1/payments?orderId=${orderId}`)).body.payments;

describe('an order paid by two card parts', () => {
  it('when both parts are authorized and captured, then the order has two captured payments, listed by part', async () => {
    const orderId = newOrderId();
    expect((await authorize(orderId, 1, 700)).status).toBe(201);
    expect((await authorize(orderId, 2, 300)).status).toBe(201);
    expect((await move(orderId, 'capture', 1, { amount: 700 })).body.payment).toMatchObject({ part: 1, status: 'captured' });
    expect((await move(orderId, 'capture', 2, { amount: 300 })).body.payment).toMatchObject({ part: 2, status: 'captured' });
    expect(
      (await listed(orderId)).map((p: { part: number; status: string; capturedAmount: number }) => [p.part, p.status, p.capturedAmount]),
    ).toEqual([
      [1, 'captured', 700],
      [2, 'captured', 300],
    ]);
  });

  it('when a part is authorized again under another key, then 409 and the part keeps one payment', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 2, 300);
    const again = await h.call('POST', '/v1/payments', {
      key: `${orderId}:authorize-again`,
      body: { ...authorizeBody(orderId, 'tok_visa', 300), part: 2 },
    });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('Card part 2');
    expect(await h.rows('payments', orderId)).toHaveLength(1);
  });

  it('when part 2 declines, then part 1 stays authorized and voiding it leaves part 2 declined', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 1, 700);
    expect((await authorize(orderId, 2, 300, 'tok_declined')).body.payment).toMatchObject({ part: 2, status: 'declined' });
    expect((await move(orderId, 'void', 1)).body.payment).toMatchObject({ part: 1, status: 'voided' });
    expect((await listed(orderId)).map((p: { status: string }) => p.status)).toEqual(['voided', 'declined']);
  });

  it('when a part with no payment is voided, then it gets a tombstone and a late authorization of that part is refused, not of another', async () => {
    const orderId = newOrderId();
    const voided = await move(orderId, 'void', 3);
    expect(voided.status).toBe(200);
    expect(voided.body.payment).toMatchObject({ part: 3, status: 'voided', amount: 0 });
    expect((await authorize(orderId, 3, 300)).status).toBe(409);
    expect((await authorize(orderId, 1, 700)).status).toBe(201);
    expect((await listed(orderId)).map((p: { part: number; status: string }) => [p.part, p.status])).toEqual([
      [1, 'authorized'],
      [3, 'voided'],
    ]);
  });

  it('when a part is refunded, then only that part gives money back, never more than it captured', async () => {
    const orderId = newOrderId();
    await authorize(orderId, 1, 700);
    await authorize(orderId, 2, 300);
    await move(orderId, 'capture', 1, { amount: 700 });
    await move(orderId, 'capture', 2, { amount: 300 });
    expect((await move(orderId, 'refund', 2, { amount: 301 })).status).toBe(409);
    expect((await move(orderId, 'refund', 2, { amount: 300 })).body.payment).toMatchObject({ part: 2, refundedAmount: 300 });
    expect((await listed(orderId)).map((p: { refundedAmount: number }) => p.refundedAmount)).toEqual([0, 300]);
  });

  it('when a request names no part, then it is part 1, as for a single-card order', async () => {
    const orderId = newOrderId();
    await h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body: authorizeBody(orderId, 'tok_visa', 500) });
    const captured = await h.call('POST', `/v1/payments/${orderId}/capture`, { key: `${orderId}:capture`, body: { amount: 500 } });
    expect(captured.body.payment).toMatchObject({ part: 1, status: 'captured' });
  });

  it.each([0, 5, 1.5, '2'])('when the part is %s, then 400 and nothing is recorded', async (part) => {
    const orderId = newOrderId();
    const res = await h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body: { ...authorizeBody(orderId), part } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toMatchObject([{ path: 'part' }]);
    expect(await h.rows('payments', orderId)).toHaveLength(0);
  });
});
