/**
 * POS Core's business metrics in GET /metrics (issue #19 §5), as a scraper reads them: saga backlog by
 * state and the oldest pending order while Inventory is unreachable, a till's missing sequence
 * numbers, and idempotent replays.
 */
import { DEMO_TENANT_ID, DEMO_TERMINAL_ID } from '@pos/shared/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrapeMetric } from '../chaos/scrape-metric.ts';
import { waitForFinalOrder } from '../testing/final-order.ts';
import { submitOrder } from '../testing/submit-order.ts';
import { orderFactory } from '../testing/test-orders.ts';
import { startTestStack, type TestStack } from '../testing/test-stack.ts';
import { waitUntil } from '../testing/wait-until.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ faultProxies: ['inventory'] });
}, 60_000);
afterAll(() => stack?.stop());

const metric = (name: string, labels: Record<string, string> = {}) => scrapeMetric(stack.urls.posCore, name, labels);

describe('business metrics', () => {
  it('when a sale waits on Inventory, a till skips sequence numbers and a sale is sent twice, then /metrics shows backlog, age, gaps and replays', async () => {
    // Sequence numbers 1, 2 and 5 of the demo till: 3 and 4 are missing.
    const orders = orderFactory();
    const first = orders.cash();
    await submitOrder(stack, first);
    await submitOrder(stack, orders.cash());
    await submitOrder(stack, orderFactory(DEMO_TERMINAL_ID, 5).cash());
    expect(await metric('pos_core_till_missing_seqs', { store: DEMO_TENANT_ID, terminal: DEMO_TERMINAL_ID })).toBe(2);

    // The same sale again: answered as an idempotent replay.
    const replays = (await metric('pos_idempotent_replays_total', { route: '/v1/orders' })) ?? 0;
    await submitOrder(stack, first);
    expect(await metric('pos_idempotent_replays_total', { route: '/v1/orders' })).toBe(replays + 1);

    // Inventory unreachable: an offline sale (it already happened) is recorded and waits to be reserved.
    stack.proxies.inventory!.setFault({ kind: 'reset' });
    const waiting = orderFactory(DEMO_TERMINAL_ID, 6).cash();
    await submitOrder(stack, waiting);
    expect(await metric('pos_core_saga_backlog', { state: 'received' })).toBe(1);
    expect(await metric('pos_core_saga_backlog', { state: 'reserved' })).toBe(0);
    await waitUntil(async () => ((await metric('pos_core_oldest_pending_order_seconds')) ?? 0) >= 1, 'the pending sale to age');

    // Inventory back: the backlog drains.
    stack.proxies.inventory!.setFault({ kind: 'none' });
    expect((await waitForFinalOrder(stack, waiting.id)).status).toBe('confirmed');
    expect(await metric('pos_core_saga_backlog', { state: 'received' })).toBe(0);
    expect(await metric('pos_core_oldest_pending_order_seconds')).toBe(0);
    expect(await metric('pos_outbox_relay_lag_seconds')).not.toBeNull();
  });
});
