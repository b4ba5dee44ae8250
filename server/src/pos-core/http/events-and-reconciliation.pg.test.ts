/** SSE feed (with the events relay), order listing, and the reconciliation of a till. */

import type { PosEvent } from '@pos/shared/event';
import { HEADERS } from '@pos/shared/http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readEventStream } from '../../testing/event-stream-reader.ts';
import { CROISSANT, orderFactory } from '../../testing/test-orders.ts';
import { type StackTokens, startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
const orders = orderFactory();
beforeAll(async () => {
  stack = await startTestStack({ posCore: { sseHeartbeatMs: 100 } });
});
afterAll(() => stack?.stop());

const submit = (body: { id: string }) => stack.call('posCore', 'POST', '/v1/orders', { body, key: body.id });

/** Reads the SSE feed until `done(events)` holds (or the stream ends), then hangs up. */
async function readFeed(
  done: (events: PosEvent[]) => boolean,
  options: { as?: keyof StackTokens; lastEventId?: string; query?: string } = {},
): Promise<{ events: PosEvent[]; ids: (string | null)[]; contentType: string | null }> {
  const stream = await readEventStream(stack.urls.posCore, stack.tokens[options.as ?? 'terminal'], options);
  try {
    await waitUntil(async () => stream.isEnded || done(stream.received.map((r) => r.event)), 'the feed to deliver', 15_000);
  } finally {
    stream.close();
  }
  return { events: stream.received.map((r) => r.event), ids: stream.received.map((r) => r.sseId), contentType: stream.contentType };
}

describe('GET /v1/events', () => {
  it('when an order confirms, then the till receives its events and the relayed stock change, and resumes after Last-Event-ID', async () => {
    const order = orders.cash([{ product: CROISSANT }]);
    expect((await submit(order)).body.order.status).toBe('confirmed');
    const all = await readFeed(
      (es) => es.some((e) => e.type === 'order.confirmed' && e.correlationId === order.id) && es.some((e) => e.type === 'stock.changed'),
    );
    expect(all.contentType).toContain('text/event-stream');
    const mine = all.events.filter((e) => e.correlationId === order.id && e.type.startsWith('order.')).map((e) => e.type);
    expect(mine).toEqual(['order.received', 'order.reserved', 'order.confirmed']);
    expect(all.ids).toEqual(all.events.map((e) => e.id));

    const resumeAfter = all.ids[1]!;
    const rest = all.events.slice(2);
    const resumed = await readFeed((es) => es.length >= rest.length, { lastEventId: resumeAfter });
    expect(resumed.events.slice(0, rest.length)).toEqual(rest);
    const viaQuery = await readFeed((es) => es.length >= rest.length, { query: `?lastEventId=${resumeAfter}` });
    expect(viaQuery.events.slice(0, rest.length).map((e) => e.id)).toEqual(rest.map((e) => e.id));
  });

  it('when another store reads its feed, then it sees none of this store’s events', async () => {
    const order = orders.cash();
    await submit(order);
    const theirs = await stack.call('posCore', 'GET', '/v1/events', {
      as: 'otherManager',
      headers: { [HEADERS.lastEventId]: 'not-a-number' },
    });
    expect(theirs.status).toBe(400);
    const abort = new AbortController();
    const res = await fetch(`${stack.urls.posCore}/v1/events`, {
      headers: { Authorization: `Bearer ${stack.tokens.otherTerminal}` },
      signal: abort.signal,
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    const first = await reader.read(); // the stream opens with its retry line; no event of the demo store follows
    abort.abort();
    expect(first.value).toBe('retry: 2000\n\n');
  });
});

describe('GET /v1/events, keeping connections alive', () => {
  it('when the feed is idle, then heartbeat comments flow; when POS Core stops, then the stream ends cleanly', async () => {
    const res = await fetch(`${stack.urls.posCore}/v1/events`, { headers: { Authorization: `Bearer ${stack.tokens.otherTerminal}` } });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += chunk.value;
    }
    expect(text).toContain(': heartbeat\n\n');
    const restarting = stack.restartPosCore();
    for (;;) {
      const chunk = await reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (chunk.done) break;
    }
    await restarting;
  });
});

describe('GET /v1/orders and reconciliation', () => {
  it('when a till skipped sequence numbers, then reconciliation reports the gaps, counts and totals, and listing pages by seq', async () => {
    const till = orderFactory('demo-till-1', 100);
    const sent = [till.cash(), till.cash()]; // 100, 101
    till.cash();
    till.cash(); // 102, 103 never arrive
    sent.push(till.cash(), till.card('tok_declined')); // 104, 105
    for (const o of sent) await submit(o);

    const rec = await stack.call('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation');
    expect(rec.status).toBe(200);
    expect(rec.body.terminalId).toBe('demo-till-1');
    expect(rec.body.lastSeq).toBe(105);
    // Everything before this test's first order and 102–103 are gaps (seq 1.. were used by the tests above).
    expect(rec.body.gaps).toContainEqual({ from: 102, to: 103 });
    expect(rec.body.counts.declined).toBe(1);
    expect(rec.body.totals.declined).toBe(sent[3]!.total);

    const asManager = await stack.call('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation', { as: 'manager' });
    expect(asManager.body).toEqual(rec.body);
    expect((await stack.call('posCore', 'GET', '/v1/terminals/demo-till-1/reconciliation', { as: 'otherTerminal' })).status).toBe(404);

    const page1 = await stack.call('posCore', 'GET', '/v1/orders?terminalId=demo-till-1&after=99&limit=2');
    expect(page1.body.orders.map((o: { seq: number }) => o.seq)).toEqual([100, 101]);
    expect(page1.body.hasMore).toBe(true);
    const page2 = await stack.call('posCore', 'GET', `/v1/orders?terminalId=demo-till-1&cursor=${page1.body.nextCursor}&limit=2`);
    expect(page2.body.orders.map((o: { seq: number }) => o.seq)).toEqual([104, 105]);
    expect(page2.body).toMatchObject({ nextCursor: null, hasMore: false });
    expect((await stack.call('posCore', 'GET', '/v1/orders?terminalId=other-till')).status).toBe(403);
  });
});
