import { payment as paymentSchema, TEST_CARD_TOKENS } from '@pos/shared/payment';
import { PROBLEM_CONTENT_TYPE } from '@pos/shared/problem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorizeBody, DEMO_TENANT, newOrderId, type PaymentHarness, startPaymentHarness, TOKENS } from '../../testing/payment-harness.ts';

let h: PaymentHarness;
beforeAll(async () => {
  h = await startPaymentHarness('payment_authorize', 200);
});
afterAll(() => h?.close());

const authorize = (orderId: string, cardToken = 'tok_visa', options: { tenant?: string; amount?: number } = {}) =>
  h.call('POST', '/v1/payments', {
    key: `${orderId}:authorize`,
    tenant: options.tenant,
    body: authorizeBody(orderId, cardToken, options.amount),
  });

describe('POST /v1/payments (authorize)', () => {
  it('when the card is tok_visa, then 201 with an authorized payment, its audit row and its event', async () => {
    const orderId = newOrderId();
    const res = await authorize(orderId);
    expect(res.status).toBe(201);
    expect(paymentSchema.parse(res.body.payment)).toMatchObject({
      orderId,
      status: 'authorized',
      amount: 1_250,
      capturedAmount: 0,
      refundedAmount: 0,
    });
    const [row] = await h.rows('payments', orderId);
    expect(row).toMatchObject({ status: 'authorized', card_brand: 'visa', decline_reason: null });
    expect(JSON.stringify(row)).not.toContain('tok_');
    expect(await h.rows('payment_operations', orderId)).toMatchObject([
      { kind: 'authorize', amount: 1_250, idempotency_key: `${orderId}:authorize` },
    ]);
  });

  it.each([
    [TEST_CARD_TOKENS.decline, 'card_declined'],
    [TEST_CARD_TOKENS.insufficientFunds, 'insufficient_funds'],
    ['tok_unknown_card', 'unknown_token'],
  ])('when the card is %s, then 201 with a payment declined for "%s", and a retry answers the same', async (token, reason) => {
    const orderId = newOrderId();
    const first = await authorize(orderId, token);
    expect(first.status).toBe(201);
    expect(first.body.payment).toMatchObject({ status: 'declined', declineReason: reason, capturedAmount: 0 });
    const again = await authorize(orderId, token);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await h.rows('payment_operations', orderId)).toMatchObject([{ kind: 'decline' }]);
  });

  it.each([
    [TEST_CARD_TOKENS.processorTimeout, 'did not answer in time'],
    [TEST_CARD_TOKENS.processorError, 'failed'],
  ])('when the card is %s, then 503 with Retry-After and nothing is recorded, however often it is retried', async (token, detail) => {
    const orderId = newOrderId();
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await authorize(orderId, token);
      expect(res.status).toBe(503);
      expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(res.body.detail).toContain(detail);
      expect(await h.rows('payments', orderId)).toEqual([]);
      const keys = await h.db.pool.query('SELECT 1 FROM idempotency_keys WHERE key = $1', [`${orderId}:authorize`]);
      expect(keys.rowCount).toBe(0);
    }
  });

  it('when 50 identical requests race on one key, then exactly one payment exists and the others are 409 or replays', async () => {
    const orderId = newOrderId();
    const answers = await Promise.all(Array.from({ length: 50 }, () => authorize(orderId)));
    expect(await h.rows('payments', orderId)).toHaveLength(1);
    expect(await h.rows('payment_operations', orderId)).toHaveLength(1);
    const fresh = answers.filter((a) => a.status === 201 && a.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const a of answers) {
      if (a.status === 201) expect(a.body.payment.id).toBe(fresh[0]?.body.payment.id);
      else {
        expect(a.status).toBe(409);
        expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('when a key is reused with another body, then 422 and the payment is unchanged', async () => {
    const orderId = newOrderId();
    const first = await authorize(orderId);
    const reused = await h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body: authorizeBody(orderId, 'tok_visa', 9_999) });
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
    expect(await h.rows('payments', orderId)).toMatchObject([{ id: first.body.payment.id, amount: 1_250 }]);
  });

  it('when the order already has a payment and another key is used, then 409 and no second payment', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    const other = await h.call('POST', '/v1/payments', { key: `${orderId}:authorize-again`, body: authorizeBody(orderId) });
    expect(other.status).toBe(409);
    expect(await h.rows('payments', orderId)).toHaveLength(1);
  });

  it('when two stores authorize the same order id, then each gets its own payment', async () => {
    const orderId = newOrderId();
    const a = await authorize(orderId, 'tok_visa', { tenant: 'store-a', amount: 100 });
    const b = await authorize(orderId, 'tok_declined', { tenant: 'store-b', amount: 200 });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.headers.get('idempotent-replayed')).toBeNull();
    expect(b.headers.get('idempotent-replayed')).toBeNull();
    expect(await h.rows('payments', orderId, 'store-a')).toMatchObject([{ status: 'authorized', amount: 100 }]);
    expect(await h.rows('payments', orderId, 'store-b')).toMatchObject([{ status: 'declined', amount: 200 }]);
    const seenByA = await h.call('GET', `/v1/payments?orderId=${orderId}`, { tenant: 'store-a' });
    expect(seenByA.body.payments).toMatchObject([{ id: a.body.payment.id }]);
  });
});

describe('malformed authorize requests', () => {
  const orderId = newOrderId();
  const valid = authorizeBody(orderId);

  it.each([
    ['a card number instead of a token', { ...valid, cardToken: '4242424242424242' }, 'cardToken'],
    ['a negative amount', { ...valid, amount: -5 }, 'amount'],
    ['an unknown field', { ...valid, cardNumber: '4242424242424242' }, '(root)'],
    ['a fractional amount', { ...valid, amount: 10.5 }, 'amount'],
    ['an order id that is no uuid', { ...valid, orderId: 'order-1' }, 'orderId'],
  ])('when the body has %s, then 400 problem+json naming the field, and nothing is recorded', async (_, body, path) => {
    const res = await h.call('POST', '/v1/payments', { key: `${orderId}:authorize`, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain(PROBLEM_CONTENT_TYPE);
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(JSON.stringify(res.body)).not.toContain('4242424242424242');
    expect(await h.rows('payments', orderId)).toEqual([]);
  });

  it('when the Idempotency-Key is missing or malformed, then 400 and nothing is recorded', async () => {
    const missing = await h.call('POST', '/v1/payments', { body: valid });
    const malformed = await h.call('POST', '/v1/payments', { key: 'has spaces!', body: valid });
    for (const res of [missing, malformed]) {
      expect(res.status).toBe(400);
      expect(res.body.errors).toMatchObject([{ path: 'Idempotency-Key' }]);
    }
    expect(await h.rows('payments', orderId)).toEqual([]);
  });

  it('when the body is not JSON, then 400 and nothing is recorded', async () => {
    const res = await fetch(`http://127.0.0.1:${h.service.port}/v1/payments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKENS.service}`,
        'pos-tenant': DEMO_TENANT,
        'idempotency-key': `${orderId}:authorize`,
        'content-type': 'application/json',
      },
      body: '{"orderId":',
    });
    expect(res.status).toBe(400);
    expect(await h.rows('payments', orderId)).toEqual([]);
  });
});

describe('who may call', () => {
  it('when a till or a manager tries to authorize, then 403 and nothing is recorded', async () => {
    const orderId = newOrderId();
    for (const token of [TOKENS.terminal, TOKENS.manager]) {
      const res = await h.call('POST', '/v1/payments', { token, key: `${orderId}:authorize`, body: authorizeBody(orderId) });
      expect(res.status).toBe(403);
    }
    expect(await h.rows('payments', orderId)).toEqual([]);
  });

  it('when the token is unknown, then 401', async () => {
    expect((await h.call('GET', `/v1/payments?orderId=${newOrderId()}`, { token: 'not-a-known-token-000000' })).status).toBe(401);
  });

  it('when a manager reads payments, then it sees its store; a till is refused', async () => {
    const orderId = newOrderId();
    await authorize(orderId);
    const manager = await h.call('GET', `/v1/payments?orderId=${orderId}`, { token: TOKENS.manager });
    expect(manager.status).toBe(200);
    expect(manager.body.payments).toMatchObject([{ orderId, status: 'authorized' }]);
    expect((await h.call('GET', `/v1/payments?orderId=${orderId}`, { token: TOKENS.terminal })).status).toBe(403);
  });
});

describe('GET /v1/payments', () => {
  it('when the order has no payment, then an empty list', async () => {
    const res = await h.call('GET', `/v1/payments?orderId=${newOrderId()}`);
    expect(res).toMatchObject({ status: 200, body: { payments: [] } });
  });

  it.each([
    ['a made-up cursor', '?cursor=abc'],
    ['an order id that is no uuid', '?orderId=abc'],
    ['an unknown parameter', `?orderId=${newOrderId()}&status=captured`],
  ])('when the query has %s, then 400', async (_, query) => {
    const res = await h.call('GET', `/v1/payments${query}`);
    expect(res.status).toBe(400);
    expect(res.body.errors.length).toBeGreaterThan(0);
  });
});
