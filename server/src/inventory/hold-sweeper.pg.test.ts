import { uuidv7 } from '@pos/shared/ids';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';

let inv: TestInventory;
beforeAll(async () => {
  inv = await startTestInventory({ sweepIntervalMs: 100 });
});
afterAll(() => inv.stop());

const reserve = (orderId: string, productId: string, quantity: number, ttlSeconds?: number) =>
  inv.call('POST', '/v1/reservations', {
    as: 'service',
    key: `${orderId}:reserve`,
    body: { orderId, mode: 'strict', lines: [{ lineNo: 1, productId, quantity }], ...(ttlSeconds ? { ttlSeconds } : {}) },
  });
const step = (orderId: string, name: 'commit' | 'release') =>
  inv.call('POST', `/v1/reservations/${orderId}/${name}`, { as: 'service', key: `${orderId}:${name}`, body: {} });
const productOf = async (id: string) => (await inv.call('GET', `/v1/products/${id}`, { as: 'manager' })).body.product;
const statusOf = async (orderId: string) =>
  (await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'service' })).body.reservation.status;

describe('hold-expiry sweeper', () => {
  it('when a hold outlives its ttl, then the sweeper expires it and gives its stock back, with an event', async () => {
    const before = await productOf('p-latte');
    const orderId = uuidv7();
    const held = await reserve(orderId, 'p-latte', 3, 1);
    expect(held.body.reservation.status).toBe('held');
    expect(await productOf('p-latte')).toMatchObject({ reserved: before.reserved + 3 });

    await vi.waitFor(async () => expect(await statusOf(orderId)).toBe('expired'), { timeout: 10_000, interval: 100 });
    expect(await productOf('p-latte')).toMatchObject({ onHand: before.onHand, reserved: before.reserved });
    await vi.waitFor(async () => {
      const events = (await inv.call('GET', '/v1/events?limit=1000', { as: 'service' })).body.events;
      const forOrder = events.filter((e: { correlationId: string | null }) => e.correlationId === orderId);
      expect(forOrder.map((e: { data: { reserved: number } }) => e.data.reserved)).toEqual([before.reserved + 3, before.reserved]);
    });

    expect((await step(orderId, 'release')).body.reservation.status).toBe('expired');
    const committed = await step(orderId, 'commit');
    expect(committed.body.reservation.status).toBe('committed');
    expect(await productOf('p-latte')).toMatchObject({ onHand: before.onHand - 3, reserved: before.reserved });
  });

  it('when a hold is still within its ttl, then the sweeper leaves it held', async () => {
    const orderId = uuidv7();
    await reserve(orderId, 'p-flat-white', 1, 3_600);
    const expiring = uuidv7();
    await reserve(expiring, 'p-flat-white', 1, 1);
    await vi.waitFor(async () => expect(await statusOf(expiring)).toBe('expired'), { timeout: 10_000, interval: 100 });
    expect(await statusOf(orderId)).toBe('held');
  });
});
