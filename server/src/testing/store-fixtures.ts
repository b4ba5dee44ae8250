/**
 * For security tests: a second, fully provisioned store made the
 * production way — the operator creates it (its manager token), the manager makes a pairing code,
 * a till pairs with it (its device token), the manager stocks the same product ids as the demo store.
 */
import { uuidv7 } from '@pos/shared/ids';
import { expect } from 'vitest';
import { callService } from './call-service.ts';
import { CROISSANT, ESPRESSO, MUG } from './test-orders.ts';
import type { StackAnswer, TestStack } from './test-stack.ts';
import { waitUntil } from './wait-until.ts';

export interface ProvisionedStore {
  storeId: string;
  managerToken: string;
  terminalId: string;
  terminalToken: string;
}

export async function createStore(stack: TestStack, name: string, currency = 'EUR'): Promise<{ storeId: string; managerToken: string }> {
  const created = await callService(stack.urls.posCore, 'POST', '/v1/stores', { token: stack.tokens.operator, body: { name, currency } });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { storeId: created.body.storeId, managerToken: created.body.managerToken };
}

export async function newPairingCode(stack: TestStack, managerToken: string): Promise<string> {
  const answer = await callService(stack.urls.posCore, 'POST', '/v1/pairing-codes', { token: managerToken, body: {} });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.code;
}

export async function pair(stack: TestStack, code: string, terminalId: string): Promise<StackAnswer> {
  return callService(stack.urls.posCore, 'POST', '/v1/pairing', { body: { code, terminalId } });
}

export async function pairTill(stack: TestStack, managerToken: string, terminalId: string): Promise<string> {
  const paired = await pair(stack, await newPairingCode(stack, managerToken), terminalId);
  expect(paired.status, JSON.stringify(paired.body)).toBe(201);
  return paired.body.token;
}

/** A new store with a paired till and the demo store's product ids in stock. */
export async function provisionStore(stack: TestStack, name: string, terminalId: string): Promise<ProvisionedStore> {
  const { storeId, managerToken } = await createStore(stack, name);
  const terminalToken = await pairTill(stack, managerToken, terminalId);
  for (const [i, p] of [ESPRESSO, CROISSANT, MUG].entries()) {
    const product = {
      id: p.productId,
      sku: `SKU-${i}`,
      barcode: `9900000000${i}`,
      name: `Product ${i}`,
      category: 'test',
      price: p.unitPrice,
      taxRateBps: p.taxRateBps,
    };
    const upsert = await callService(stack.urls.inventory, 'POST', '/v1/products', { token: managerToken, key: uuidv7(), body: product });
    expect(upsert.status, JSON.stringify(upsert.body)).toBe(201);
    const stocked = await callService(stack.urls.inventory, 'POST', '/v1/stock/movements', {
      token: managerToken,
      key: uuidv7(),
      body: { productId: p.productId, kind: 'receipt', quantity: 100, reason: 'opening stock' },
    });
    expect(stocked.status, JSON.stringify(stocked.body)).toBe(201);
  }
  return { storeId, managerToken, terminalId, terminalToken };
}

/** Submits an order as a till does and waits until POS Core confirms it (a loaded machine may answer 202 first). */
export async function submitConfirmed(stack: TestStack, token: string, order: { id: string }): Promise<void> {
  const answer = await callService(stack.urls.posCore, 'POST', '/v1/orders', { token, body: order, key: order.id });
  expect([201, 202], JSON.stringify(answer.body)).toContain(answer.status);
  await waitUntil(
    async () => (await callService(stack.urls.posCore, 'GET', `/v1/orders/${order.id}`, { token })).body?.order?.status === 'confirmed',
    `order ${order.id} confirmed`,
  );
}
