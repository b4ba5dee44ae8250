/**
 * A store's profile (`GET /v1/store`) and the currency it is created with, over real HTTP: the till
 * learns its store's currency here rather than assuming one.
 */

import { storeProfile } from '@pos/shared/store';
import { DEFAULT_STORE_SETTINGS } from '@pos/shared/store-settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callService } from '../../testing/call-service.ts';
import { readEventStream } from '../../testing/event-stream-reader.ts';
import { createStore, pairTill } from '../../testing/store-fixtures.ts';
import { startTestStack, type TestStack } from '../../testing/test-stack.ts';
import { waitUntil } from '../../testing/wait-until.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

/** A store that never saved settings prices with tax included, no cash rounding and no discount cap. */
const DEFAULT_PRICING = { pricesIncludeTax: true, cashRoundingIncrement: 1, discountCapPercent: 100 };
const storeOf = (token: string) => callService(stack.urls.posCore, 'GET', '/v1/store', { token });
const storeCount = async () => (await stack.pools.posCore.query('SELECT count(*)::int AS n FROM stores')).rows[0].n as number;

describe('GET /v1/store', () => {
  it("when a store's till and manager ask, then they get the store's name and the currency it was created with", async () => {
    const { storeId, managerToken } = await createStore(stack, 'Krona kiosk', 'SEK');
    const tillToken = await pairTill(stack, managerToken, 'kiosk-till-1');
    for (const token of [tillToken, managerToken]) {
      const answer = await storeOf(token);
      expect(answer.status).toBe(200);
      expect(storeProfile.parse(answer.body)).toEqual({
        storeId,
        name: 'Krona kiosk',
        currency: 'SEK',
        pricing: DEFAULT_PRICING,
        parkedCartExpiryMinutes: 120,
        offlineRefundLimit: DEFAULT_STORE_SETTINGS.offlineRefundLimit,
        shiftCloseTolerance: DEFAULT_STORE_SETTINGS.shiftCloseTolerance,
      });
    }
  });

  it("when the manager sets how long parked carts are kept, then the store's tills read it in the profile", async () => {
    const { managerToken } = await createStore(stack, 'Parking kiosk', 'EUR');
    const tillToken = await pairTill(stack, managerToken, 'parking-till-1');
    const settings = (body: object) => callService(stack.urls.posCore, 'PUT', '/v1/store/settings', { token: managerToken, body });
    expect((await settings({ tillSilentAfterSeconds: 300, parkedCartExpiryMinutes: 15 })).body).toEqual({
      ...DEFAULT_STORE_SETTINGS,
      tillSilentAfterSeconds: 300,
      parkedCartExpiryMinutes: 15,
    });
    expect((await storeOf(tillToken)).body.parkedCartExpiryMinutes).toBe(15);
    // A PUT without it (an older console) keeps it; a bad value is a 400 that changes nothing.
    expect((await settings({ tillSilentAfterSeconds: 120 })).body.parkedCartExpiryMinutes).toBe(15);
    const bad = await settings({ tillSilentAfterSeconds: 120, parkedCartExpiryMinutes: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).join()).toContain('parkedCartExpiryMinutes');
    expect((await storeOf(tillToken)).body.parkedCartExpiryMinutes).toBe(15);
  });

  it("when the manager sets the shift-close tolerance, then the store's tills read it in the profile; a negative one is a 400 that changes nothing", async () => {
    const { managerToken } = await createStore(stack, 'Tolerance kiosk', 'EUR');
    const tillToken = await pairTill(stack, managerToken, 'tolerance-till-1');
    const settings = (body: object) => callService(stack.urls.posCore, 'PUT', '/v1/store/settings', { token: managerToken, body });
    expect((await storeOf(tillToken)).body.shiftCloseTolerance).toBe(DEFAULT_STORE_SETTINGS.shiftCloseTolerance);
    expect((await settings({ tillSilentAfterSeconds: 300, shiftCloseTolerance: 200 })).body.shiftCloseTolerance).toBe(200);
    expect((await storeOf(tillToken)).body.shiftCloseTolerance).toBe(200);
    const bad = await settings({ tillSilentAfterSeconds: 300, shiftCloseTolerance: -1 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).join()).toContain('shiftCloseTolerance');
    expect((await settings({ tillSilentAfterSeconds: 120 })).body.shiftCloseTolerance).toBe(200);
  });

  it('when managers change different settings at the same moment, then every change is kept (each PUT changes only its own fields)', async () => {
    const { managerToken } = await createStore(stack, 'Busy office kiosk', 'EUR');
    const settings = (body: object) => callService(stack.urls.posCore, 'PUT', '/v1/store/settings', { token: managerToken, body });
    const changes = [
      { parkedCartExpiryMinutes: 30 },
      { shiftCloseTolerance: 300 },
      { offlineRefundLimit: 900 },
      { discountCapPercent: 40 },
      { cashRoundingIncrement: 5 },
      { tillSilentAfterSeconds: 600 },
    ];
    const answers = await Promise.all(changes.map(settings));
    expect(answers.map((a) => a.status)).toEqual(changes.map(() => 200));
    const read = await callService(stack.urls.posCore, 'GET', '/v1/store/settings', { token: managerToken });
    expect(read.body).toEqual({ ...DEFAULT_STORE_SETTINGS, ...Object.assign({}, ...changes) });
  });

  it("when the manager changes the settings, then the store's tills read store.settings_changed on their event stream; a refused change publishes nothing", async () => {
    const { managerToken } = await createStore(stack, 'Live rules kiosk', 'EUR');
    const tillToken = await pairTill(stack, managerToken, 'live-rules-till-1');
    const { managerToken: otherManager } = await createStore(stack, 'Other kiosk', 'EUR');
    const otherTill = await pairTill(stack, otherManager, 'other-kiosk-till-1');
    const stream = await readEventStream(stack.urls.posCore, tillToken);
    const other = await readEventStream(stack.urls.posCore, otherTill);
    try {
      expect(stream.status).toBe(200);
      const settings = (body: object) => callService(stack.urls.posCore, 'PUT', '/v1/store/settings', { token: managerToken, body });
      expect((await settings({ discountCapPercent: 150 })).status).toBe(400);
      const now = (await settings({ discountCapPercent: 20, cashRoundingIncrement: 5 })).body;
      const changed = () => stream.received.filter((r) => r.event.type === 'store.settings_changed');
      await waitUntil(async () => changed().length > 0, 'the change on the till’s event stream');
      expect(changed().map((r) => r.event.data)).toEqual([now]);
      expect(now).toMatchObject({ discountCapPercent: 20, cashRoundingIncrement: 5 });
      // Another store's tills are not told.
      expect(other.received.filter((r) => r.event.type === 'store.settings_changed')).toEqual([]);
    } finally {
      stream.close();
      other.close();
    }
  });

  it('when the demo till asks, then it gets the demo store, which sells in euros', async () => {
    const answer = await stack.call('posCore', 'GET', '/v1/store');
    expect(answer.body).toEqual({
      storeId: 'demo-store',
      name: 'Demo store',
      currency: 'EUR',
      pricing: DEFAULT_PRICING,
      parkedCartExpiryMinutes: 120,
      offlineRefundLimit: DEFAULT_STORE_SETTINGS.offlineRefundLimit,
      shiftCloseTolerance: DEFAULT_STORE_SETTINGS.shiftCloseTolerance,
    });
  });

  it('when a store has no row (configured credentials only), then 404; without a token, 401', async () => {
    expect((await stack.call('posCore', 'GET', '/v1/store', { as: 'otherTerminal' })).status).toBe(404);
    expect((await stack.call('posCore', 'GET', '/v1/store', { as: null })).status).toBe(401);
  });

  it('when a store is created without a currency or with one that is not ISO 4217, then 400 naming it and no store is made', async () => {
    const before = await storeCount();
    for (const body of [{ name: 'No currency' }, { name: 'Bad currency', currency: 'euro' }]) {
      const answer = await callService(stack.urls.posCore, 'POST', '/v1/stores', { token: stack.tokens.operator, body });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: 'currency' })]);
    }
    expect(await storeCount()).toBe(before);
  });
});
