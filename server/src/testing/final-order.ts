/**
 * For tests: waits until POS Core reports an order in a final status (anything but pending), read
 * through its public API as the store manager; resolves with the order.
 */

import type { TestStack } from './test-stack.ts';
import { waitUntil } from './wait-until.ts';

export function waitForFinalOrder(stack: TestStack, id: string, timeoutMs = 30_000) {
  return waitUntil(
    async () => {
      const o = (await stack.call('posCore', 'GET', `/v1/orders/${id}`, { as: 'manager' })).body.order;
      return o.status !== 'pending' && o;
    },
    `order ${id} to be final`,
    timeoutMs,
  );
}
