import { uuidv7 } from '@pos/shared/ids';
import { reservation as reservationSchema } from '@pos/shared/reservation';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';
import { createStockedProduct } from '../testing/stocked-product.ts';
import { LIMITED_EDITION_MUG_ID } from './domain/demo-catalog.ts';

let inv: TestInventory;
beforeAll(async () => {
  inv = await startTestInventory();
});
afterAll(() => inv.stop());

type Line = { productId: string; quantity: number };
const reserveBody = (orderId: string, mode: 'strict' | 'force', lines: Line[]) => ({
  orderId,
  mode,
  lines: lines.map((l, i) => ({ lineNo: i + 1, ...l })),
});
const reserve = (orderId: string, mode: 'strict' | 'force', lines: Line[]) =>
  inv.call('POST', '/v1/reservations', { as: 'service', key: `${orderId}:reserve`, body: reserveBody(orderId, mode, lines) });
const step = (orderId: string, name: 'commit' | 'release') =>
  inv.call('POST', `/v1/reservations/${orderId}/${name}`, { as: 'service', key: `${orderId}:${name}`, body: {} });
const productOf = async (id: string) => (await inv.call('GET', `/v1/products/${id}`, { as: 'manager' })).body.product;

/** A product of its own for one test, with `stock` received. */
let made = 0;
const freshProduct = (stock: number) => createStockedProduct(inv, 't-prod', ++made, stock);

describe('reservations', () => {
  it('when 50 buyers strictly reserve 1 of 10 units at once, then exactly 10 hold, 40 are rejected, and available never goes negative', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => reserve(uuidv7(), 'strict', [{ productId: LIMITED_EDITION_MUG_ID, quantity: 1 }])),
    );
    expect(answers.map((a) => a.status).every((s) => s === 201)).toBe(true);
    const statuses = answers.map((a) => reservationSchema.parse(a.body.reservation).status);
    expect(statuses.filter((s) => s === 'held')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'rejected')).toHaveLength(40);
    const rejected = answers.find((a) => a.body.reservation.status === 'rejected')!.body.reservation;
    expect(rejected.shortages).toEqual([{ productId: LIMITED_EDITION_MUG_ID, requested: 1, available: 0 }]);
    expect(await productOf(LIMITED_EDITION_MUG_ID)).toMatchObject({ onHand: 10, reserved: 10, available: 0 });
    await vi.waitFor(async () => {
      const events = (await inv.call('GET', '/v1/events?limit=1000', { as: 'manager' })).body.events;
      const mugLevels = events.filter(
        (e: { type: string; data: { productId?: string } }) => e.type === 'stock.changed' && e.data.productId === LIMITED_EDITION_MUG_ID,
      );
      expect(mugLevels).toHaveLength(10);
      expect(mugLevels.map((e: { data: { available: number } }) => e.data.available).sort((a: number, b: number) => a - b)).toEqual([
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
      ]);
    });
  });

  it('when a strict order is short on one line, then it holds nothing at all', async () => {
    const plenty = await freshProduct(5);
    const scarce = await freshProduct(1);
    const answer = await reserve(uuidv7(), 'strict', [
      { productId: plenty, quantity: 2 },
      { productId: scarce, quantity: 2 },
      { productId: 'no-such-product', quantity: 1 },
    ]);
    expect(answer.status).toBe(201);
    expect(answer.body.reservation).toMatchObject({
      status: 'rejected',
      shortages: [
        { productId: scarce, requested: 2, available: 1 },
        { productId: 'no-such-product', requested: 1, available: 0 },
      ],
    });
    expect(await productOf(plenty)).toMatchObject({ reserved: 0, available: 5 });
  });

  it('when an offline sale is forced past zero and committed, then on_hand goes negative and a discrepancy is recorded with its event', async () => {
    const id = await freshProduct(2);
    const orderId = uuidv7();
    const held = await reserve(orderId, 'force', [{ productId: id, quantity: 5 }]);
    expect(held.body.reservation.status).toBe('held');
    expect(await productOf(id)).toMatchObject({ onHand: 2, reserved: 5, available: -3 });

    const committed = await step(orderId, 'commit');
    expect(committed.status).toBe(200);
    expect(committed.body.reservation.status).toBe('committed');
    expect(await productOf(id)).toMatchObject({ onHand: -3, reserved: 0, available: -3 });

    const discrepancies = (await inv.call('GET', '/v1/discrepancies', { as: 'manager' })).body.discrepancies;
    expect(discrepancies).toContainEqual(
      expect.objectContaining({ kind: 'negative_stock', productId: id, orderId, quantity: 5, onHandAfter: -3 }),
    );
    await vi.waitFor(async () => {
      const events = (await inv.call('GET', '/v1/events?after=0&limit=1000', { as: 'service' })).body.events;
      expect(events).toContainEqual(expect.objectContaining({ type: 'stock.discrepancy', correlationId: orderId }));
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'stock.changed',
          correlationId: orderId,
          data: expect.objectContaining({ productId: id, onHand: -3 }),
        }),
      );
    });
  });

  it('when a forced offline sale names a product the catalogue does not know, then it is accepted and its commit records the unknown product', async () => {
    const orderId = uuidv7();
    expect((await reserve(orderId, 'force', [{ productId: 'ghost-product', quantity: 1 }])).body.reservation.status).toBe('held');
    expect((await step(orderId, 'commit')).body.reservation.status).toBe('committed');
    const discrepancies = (await inv.call('GET', '/v1/discrepancies', { as: 'manager' })).body.discrepancies;
    expect(discrepancies).toContainEqual(
      expect.objectContaining({ kind: 'unknown_product', productId: 'ghost-product', orderId, onHandAfter: null }),
    );
  });

  it('when commit and release are retried, then replays are marked and stock moves once', async () => {
    const id = await freshProduct(10);
    const orderId = uuidv7();
    await reserve(orderId, 'strict', [{ productId: id, quantity: 3 }]);
    const replayedReserve = await reserve(orderId, 'strict', [{ productId: id, quantity: 3 }]);
    expect(replayedReserve.headers.get('idempotent-replayed')).toBe('true');
    expect(await productOf(id)).toMatchObject({ reserved: 3 });

    const first = await step(orderId, 'commit');
    const again = await step(orderId, 'commit');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await productOf(id)).toMatchObject({ onHand: 7, reserved: 0 });

    const releaseAfterCommit = await step(orderId, 'release');
    expect(releaseAfterCommit.status).toBe(409);
    expect(releaseAfterCommit.headers.get('content-type')).toContain('application/problem+json');

    const other = uuidv7();
    await reserve(other, 'strict', [{ productId: id, quantity: 2 }]);
    expect((await step(other, 'release')).body.reservation.status).toBe('released');
    expect((await step(other, 'release')).headers.get('idempotent-replayed')).toBe('true');
    expect(await productOf(id)).toMatchObject({ onHand: 7, reserved: 0 });
    expect((await step(other, 'commit')).status).toBe(409);
  });

  it('when a reserve key is reused with another body, then 422 and nothing changes', async () => {
    const id = await freshProduct(10);
    const orderId = uuidv7();
    await reserve(orderId, 'strict', [{ productId: id, quantity: 1 }]);
    const reused = await reserve(orderId, 'strict', [{ productId: id, quantity: 4 }]);
    expect(reused.status).toBe(422);
    expect(reused.body.type).toMatch(/idempotency-key-reused$/);
    expect(await productOf(id)).toMatchObject({ reserved: 1 });
  });

  it('when an order is released before its reserve arrives, then the late reserve answers released and holds nothing', async () => {
    const id = await freshProduct(4);
    const orderId = uuidv7();
    const released = await step(orderId, 'release');
    expect(released.status).toBe(200);
    expect(released.body.reservation).toMatchObject({ orderId, status: 'released', lines: [] });

    const late = await reserve(orderId, 'strict', [{ productId: id, quantity: 1 }]);
    expect(late.body.reservation.status).toBe('released');
    expect(await productOf(id)).toMatchObject({ reserved: 0 });
    const read = await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'manager' });
    expect(read.body.reservation.status).toBe('released');
  });

  it('when a terminal or a manager tries to reserve, then 403', async () => {
    const orderId = uuidv7();
    for (const as of ['terminal', 'manager'] as const) {
      const answer = await inv.call('POST', '/v1/reservations', {
        as,
        key: `${orderId}:reserve`,
        body: reserveBody(orderId, 'strict', [{ productId: 'p-espresso', quantity: 1 }]),
      });
      expect(answer.status).toBe(403);
    }
    expect((await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'service' })).status).toBe(404);
  });

  it('when a reserve request is invalid or its key is missing or wrong, then 400 with field errors and nothing is held', async () => {
    const orderId = uuidv7();
    const good = reserveBody(orderId, 'strict', [{ productId: 'p-espresso', quantity: 1 }]);
    const cases = [
      { key: `${orderId}:reserve`, body: { ...good, mode: 'maybe' } },
      { key: `${orderId}:reserve`, body: { ...good, extra: true } },
      { key: `${orderId}:reserve`, body: { ...good, lines: [good.lines[0], good.lines[0]] } },
      { key: `${orderId}:reserve`, body: { ...good, lines: [{ lineNo: 1, productId: 'p-espresso', quantity: 0 }] } },
      { key: undefined, body: good },
      { key: 'not the key!', body: good },
      { key: `${orderId}:commit`, body: good },
    ];
    for (const c of cases) {
      const answer = await inv.call('POST', '/v1/reservations', { as: 'service', ...c });
      expect(answer.status, JSON.stringify(c)).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors.length).toBeGreaterThan(0);
    }
    expect((await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'service' })).status).toBe(404);
    expect((await step(orderId, 'commit')).status).toBe(404);
  });

  it("when the service acts for another store, then it cannot see or commit this store's reservation", async () => {
    const orderId = uuidv7();
    await reserve(orderId, 'force', [{ productId: 'p-espresso', quantity: 1 }]);
    expect((await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'service', tenant: 'other-store' })).status).toBe(404);
    const commit = await inv.call('POST', `/v1/reservations/${orderId}/commit`, {
      as: 'service',
      tenant: 'other-store',
      key: `${orderId}:commit`,
      body: {},
    });
    expect(commit.status).toBe(404);
    expect((await inv.call('GET', `/v1/reservations/${orderId}`, { as: 'service' })).body.reservation.status).toBe('held');
  });
});
