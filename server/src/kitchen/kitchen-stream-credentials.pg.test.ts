/**
 * The kitchen display's live stream lives no longer than its credential (common/credential-watch.ts),
 * like POS Core's event stream: when the till or manager whose token opened it is revoked, the stream
 * ends. The kitchen verifies tokens through POS Core's introspection with a cache of at most 1 s (the
 * bound of its requests) and re-checks held credentials every 500 ms: the stream ends within 1.5 s of
 * the revocation, plus one verification. Real HTTP, real PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STREAM_RECHECK_MS } from '../common/credential-watch.ts';
import { callService } from '../testing/call-service.ts';
import { stackSources, startTestConsumer, type TestConsumer } from '../testing/start-test-consumer.ts';
import { provisionStore } from '../testing/store-fixtures.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { kitchenService } from './service.ts';

const INTROSPECTION_CACHE_MS = 1_000;
/** Cache + re-check interval + room for one verification over HTTP. */
const BOUND_MS = INTROSPECTION_CACHE_MS + DEFAULT_STREAM_RECHECK_MS + 500;

let stack: TestStack;
let kitchen: TestConsumer;
beforeAll(async () => {
  stack = await startTestStack();
  kitchen = await startTestConsumer(stack, 'kitchen', (db) =>
    kitchenService({ databaseUrl: db.url, sourceUrls: stackSources(stack), takeOverMs: 2_000 }),
  );
}, 60_000);
afterAll(async () => {
  await kitchen?.stop();
  await stack?.stop();
});

/** Opens the board stream with `token`; resolves once the first board arrived, with when the stream ends. */
async function openBoardStream(token: string): Promise<{ ended: Promise<number>; boards: () => number }> {
  const res = await fetch(`${kitchen.url}/v1/tickets/stream`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let first: () => void = () => {};
  const firstBoard = new Promise<void>((resolve) => {
    first = resolve;
  });
  const ended = (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return performance.now();
      text += decoder.decode(value, { stream: true });
      if (text.includes('event: board')) first();
    }
  })();
  await firstBoard;
  return { ended, boards: () => text.split('event: board').length - 1 };
}

describe('the kitchen display stream', () => {
  it('when the till whose token opened it is revoked, then the stream ends within the bound', async () => {
    const store = await provisionStore(stack, 'Kitchen stream shop', 'till-kitchen-watch');
    const stream = await openBoardStream(store.terminalToken);

    const revoke = await callService(stack.urls.posCore, 'POST', '/v1/terminals/till-kitchen-watch/revoke', {
      token: store.managerToken,
      body: {},
    });
    expect(revoke.status).toBe(200);
    const revokedAt = performance.now();
    const endedAfter =
      (await Promise.race([stream.ended, new Promise<number>((r) => setTimeout(() => r(Number.POSITIVE_INFINITY), 10_000))])) - revokedAt;
    console.info(`kitchen stream ended ${Math.round(endedAfter)} ms after the revocation (bound ${BOUND_MS} ms)`);
    expect(endedAfter).toBeLessThan(BOUND_MS);

    const reopened = await callService(kitchen.url, 'GET', '/v1/tickets/stream', { token: store.terminalToken });
    expect(reopened.status).toBe(401);
  });
});
