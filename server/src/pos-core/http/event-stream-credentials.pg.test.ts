/**
 * An open SSE stream lives no longer than its credential (common/credential-watch.ts): a revoked or
 * rotated-away till's stream ends within the bound of requests (≈ 1 s) and delivers nothing of what
 * happened after the revocation (issue 12, point 3). Real HTTP against the three services.
 */
import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callService } from '../../testing/call-service.ts';
import { type EventStreamReader, readEventStream } from '../../testing/event-stream-reader.ts';
import { pairTill, provisionStore } from '../../testing/store-fixtures.ts';
import { orderFactory } from '../../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';
import { revokeTerminal } from '../tenancy/terminal-credentials.ts';

/** The bound of requests: POS Core refuses a revoked token at once, Inventory and Payment within 1 s. */
const BOUND_MS = 1_000;

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
}, 60_000);
afterAll(() => stack?.stop());

/** A stream that has caught up: it delivered an order the other till confirmed just now. */
async function openCaughtUp(token: string, seller: { token: string; terminalId: string }): Promise<EventStreamReader> {
  const stream = await readEventStream(stack.urls.posCore, token);
  expect(stream.status).toBe(200);
  const order = await sell(seller);
  await waitUntil(
    async () => stream.received.some((r) => r.event.correlationId === order && r.event.type === 'order.confirmed'),
    'the stream to deliver a sale',
  );
  return stream;
}

const factories = new Map<string, ReturnType<typeof orderFactory>>();
/** A cash sale of the till, confirmed by POS Core; its order id. */
async function sell(till: { token: string; terminalId: string }): Promise<string> {
  const factory = factories.get(till.terminalId) ?? orderFactory(till.terminalId);
  factories.set(till.terminalId, factory);
  const order = factory.cash();
  const answer = await callService(stack.urls.posCore, 'POST', '/v1/orders', { token: till.token, body: order, key: order.id });
  expect([201, 202], JSON.stringify(answer.body)).toContain(answer.status);
  return order.id;
}

/** Sells every ~100 ms until the stream ends (hangs up after 10 s: then `ended` tells how long it stayed open); the sales' ids. */
async function sellUntilEnded(stream: EventStreamReader, till: { token: string; terminalId: string }): Promise<string[]> {
  const sold: string[] = [];
  const deadline = performance.now() + 10_000;
  while (!stream.isEnded && performance.now() < deadline) {
    sold.push(await sell(till));
    await new Promise((r) => setTimeout(r, 100));
  }
  stream.close();
  return sold;
}

function expectNothingOf(stream: EventStreamReader, orderIds: readonly string[]) {
  const leaked = stream.received.filter((r) => r.event.correlationId !== null && orderIds.includes(r.event.correlationId));
  expect(leaked.map((r) => `${r.event.type} ${r.event.correlationId}`)).toEqual([]);
}

/**
 * Makes the credential change, then the other till keeps selling: the stream must end within the
 * bound, counted from when the change was done, and deliver none of those sales. The sales' ids.
 */
async function expectStreamEndsAfter(
  what: string,
  stream: EventStreamReader,
  seller: { token: string; terminalId: string },
  change: () => Promise<void>,
): Promise<string[]> {
  await change();
  const changedAt = performance.now();
  const later = await sellUntilEnded(stream, seller);
  const endedAfter = (await stream.ended) - changedAt;
  console.info(
    `${what}: stream ended ${Math.round(endedAfter)} ms after (bound ${BOUND_MS} ms); ${later.length} sales meanwhile, none delivered`,
  );
  expect(endedAfter).toBeLessThan(BOUND_MS);
  expect(later.length).toBeGreaterThan(0);
  expectNothingOf(stream, later);
  return later;
}

/** A credential call of POS Core that must answer `status`; its body. */
async function posCoreCall(path: string, token: string, status: number) {
  const answer = await callService(stack.urls.posCore, 'POST', path, { token, body: {} });
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  return answer.body;
}

describe('a revoked till’s open event stream', () => {
  it('when the manager revokes the till, then its stream ends within the bound and none of the later sales reach it', async () => {
    const store = await provisionStore(stack, 'Stream revocation shop', 'till-watched');
    const other = { terminalId: 'till-other', token: await pairTill(stack, store.managerToken, 'till-other') };
    const stream = await openCaughtUp(store.terminalToken, other);

    const later = await expectStreamEndsAfter('revoked by its manager', stream, other, async () => {
      await posCoreCall('/v1/terminals/till-watched/revoke', store.managerToken, 200);
    });
    // Nor does any later sale: the stream is closed, and reopening it with the revoked token is refused.
    later.push(await sell(other));
    const again = await callService(stack.urls.posCore, 'GET', '/v1/events', { token: store.terminalToken });
    expect(again.status).toBe(401);
    expect(again.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.credentialRevoked);
    expectNothingOf(stream, later);
  });

  it('when another POS Core process revokes the till (no signal here), then the periodic re-check ends the stream within the bound and it delivers nothing of the sales after it', async () => {
    const store = await provisionStore(stack, 'Remote revocation shop', 'till-remote');
    const other = { terminalId: 'till-seller', token: await pairTill(stack, store.managerToken, 'till-seller') };
    const stream = await openCaughtUp(store.terminalToken, other);

    // Straight in POS Core's database, as another instance behind the load balancer would: this process is not told.
    await expectStreamEndsAfter('revoked by another process', stream, other, async () => {
      await revokeTerminal(stack.pools.posCore, store.storeId, 'till-remote');
    });
  });
});

describe('a rotated-away token’s open event stream', () => {
  it('when the till rotates its token, then the old token’s stream ends within the bound, cannot reopen, and the new token streams', async () => {
    const store = await provisionStore(stack, 'Stream rotation shop', 'till-rotating');
    const other = { terminalId: 'till-busy', token: await pairTill(stack, store.managerToken, 'till-busy') };
    const stream = await openCaughtUp(store.terminalToken, other);

    let fresh = '';
    await expectStreamEndsAfter('token rotated by the till', stream, other, async () => {
      fresh = (await posCoreCall('/v1/terminals/till-rotating/token', store.terminalToken, 201)).token;
    });

    // Requests keep the grace (a lost answer can be recovered); a stream does not need it.
    expect(
      (await callService(stack.urls.posCore, 'GET', '/v1/terminals/till-rotating/reconciliation', { token: store.terminalToken })).status,
    ).toBe(200);
    const reopened = await callService(stack.urls.posCore, 'GET', '/v1/events', { token: store.terminalToken });
    expect(reopened.status).toBe(401);
    expect(reopened.body.type).toBe(PROBLEM_TYPE_BASE + PROBLEM_TYPES.unauthorized);

    // A manager's rotation ends the stream of the till's current token the same way.
    const freshStream = await openCaughtUp(fresh, other);
    await expectStreamEndsAfter('token rotated by the manager', freshStream, other, async () => {
      await posCoreCall('/v1/terminals/till-rotating/token', store.managerToken, 201);
    });
  });
});
