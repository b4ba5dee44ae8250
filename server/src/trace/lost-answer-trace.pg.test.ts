/**
 * Retries, lost answers and recoveries are visible in a sale's trace (issue #19 §4), read back from
 * size-rotated log files (common/log-destination.ts): Payment's answer to the authorization is lost
 * on the way back (a fault proxy swallows it), POS Core retries with the same key, and Payment
 * answers the retry as an idempotent replay.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logFilePath, rotatingFileDestination } from '../common/log-destination.ts';
import { waitForFinalOrder } from '../testing/final-order.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';
import { readServiceLogs } from './read-service-logs.ts';
import { formatTimeline, saleTimeline } from './sale-timeline.ts';

let stack: TestStack;
let dir: string;
const KEEP = 200;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pos-lost-answer-'));
  // Small files, so the sale's lines are spread over rotated ones (a one-card sale is three saga calls
  // and logs a few kilobytes: files of 2 KiB make it span several).
  const destination = rotatingFileDestination({ dir, name: 'stack', maxBytes: 2_048, keep: KEEP });
  stack = await startTestStack({ logDestination: destination, faultProxies: ['payment'] });
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a lost answer in the trace', () => {
  it('when Payment’s answer to the authorization is lost, then the trace shows the failed attempt, the retry and its replayed answer', async () => {
    const order = orderFactory().card('tok_visa');
    const lost = stack.proxies.payment!.injectOnce({ method: 'POST', path: /^\/v1\/payments$/ }, { kind: 'drop-response' });
    const answer = await stack.call('posCore', 'POST', '/v1/orders', { body: order, key: order.id });
    expect([201, 202]).toContain(answer.status);
    await lost;
    expect((await waitForFinalOrder(stack, order.id)).status).toBe('confirmed');

    const timeline = await waitUntil(async () => {
      const t = saleTimeline(order.id, readServiceLogs(dir));
      return t.some((e) => e.source === 'inventory' && e.text.includes('[commit]')) && t;
    }, 'the commit to be logged');
    const printed = formatTimeline(order.id, timeline);
    const authorize = timeline.filter((e) => e.text.includes('[authorize]'));
    // POS Core: the first attempt came to nothing, the retry got the answer as a replay.
    const attempts = authorize.filter((e) => e.source === 'pos-core');
    expect(
      attempts.map((e) => e.mark),
      printed,
    ).toEqual(['retry', 'recovered']);
    expect(attempts[0]!.text).toContain('unavailable');
    // Payment: the first request was handled (its answer then lost), the second answered as a replay.
    const handled = authorize.filter((e) => e.source === 'payment' && e.text.startsWith('← POST /v1/payments'));
    expect(
      handled.map((e) => e.mark ?? 'first'),
      printed,
    ).toEqual(['first', 'recovered']);
    expect(printed).toMatch(/1 retried, 2 recovered by replay/);
    // In causal order: the lost attempt, Payment's replay, POS Core's recovered attempt.
    const order_ = [attempts[0]!, handled[1]!, attempts[1]!].map((e) => timeline.indexOf(e));
    expect(order_).toEqual([...order_].sort((a, b) => a - b));

    // The lines came from rotated files, at most KEEP of them.
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(2);
    expect(existsSync(logFilePath(dir, 'stack', 1))).toBe(true);
    expect(files.length).toBeLessThanOrEqual(KEEP + 1);
  });
});
