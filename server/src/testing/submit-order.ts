/**
 * For tests: submits one order to the stack's POS Core as its demo till (`POST /v1/orders`, the order
 * id as Idempotency-Key) and expects it recorded (201 final or 202 pending); the order as answered.
 */
import { expect } from 'vitest';
import type { TestStack } from './test-stack.ts';

export async function submitOrder(stack: TestStack, body: { id: string }): Promise<{ id: string; status: string; seq: number }> {
  const res = await stack.call('posCore', 'POST', '/v1/orders', { body, key: body.id });
  expect([201, 202]).toContain(res.status);
  return res.body.order;
}
