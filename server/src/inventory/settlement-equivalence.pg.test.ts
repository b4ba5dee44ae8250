/**
 * One reservation path (place-reservations.ts, stock-ledger.ts): the same sales, committed one by one
 * (reserve then commit, as the per-step saga does) in one Inventory and settled in ONE batch
 * (POST /v1/reservations/batch, as cash settlement does) in another, leave identical stock, stock
 * movements, discrepancies (with their events) and reservations.
 */
import { uuidv7 } from '@pos/shared/ids';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';
import { createStockedProduct } from '../testing/stocked-product.ts';

let single: TestInventory;
let bulk: TestInventory;
beforeAll(async () => {
  [single, bulk] = await Promise.all([startTestInventory(), startTestInventory()]);
});
afterAll(async () => {
  await Promise.all([single?.stop(), bulk?.stop()]);
});

type Sale = { orderId: string; mode: 'strict' | 'force'; lines: { lineNo: number; productId: string; quantity: number }[] };
const sale = (mode: Sale['mode'], lines: [string, number][]): Sale => ({
  orderId: '',
  mode,
  lines: lines.map(([productId, quantity], i) => ({ lineNo: i + 1, productId, quantity })),
});
const reserve = (inv: TestInventory, s: Sale) =>
  inv.call('POST', '/v1/reservations', { as: 'service', key: `${s.orderId}:reserve`, body: s });
const commit = (inv: TestInventory, orderId: string) =>
  inv.call('POST', `/v1/reservations/${orderId}/commit`, { as: 'service', key: `${orderId}:commit`, body: {} });

/** What the sales left, as rows free of ids and clocks. */
async function outcome(inv: TestInventory, productIds: string[], orderIds: string[]) {
  const q = async (sql: string, params: unknown[]) => (await inv.db.pool.query(sql, params)).rows;
  return {
    stock: await q('SELECT id, on_hand, reserved FROM products WHERE id = ANY($1) ORDER BY id', [productIds]),
    movements: await q(
      `SELECT order_id, line_no, product_id, kind, quantity, on_hand_after, reason FROM stock_movements
        WHERE order_id = ANY($1) ORDER BY order_id, line_no`,
      [orderIds],
    ),
    discrepancies: await q(
      `SELECT order_id, line_no, product_id, kind, quantity, on_hand_after FROM discrepancies WHERE order_id = ANY($1) ORDER BY order_id, line_no`,
      [orderIds],
    ),
    discrepancyEvents: await q(
      `SELECT correlation_id, payload FROM outbox WHERE type = 'stock.discrepancy' AND correlation_id = ANY($1)
        ORDER BY correlation_id, (payload->>'lineNo')::int`,
      [orderIds],
    ),
    reservations: await q(
      `SELECT r.order_id, r.mode, r.status, r.shortages,
              (SELECT json_agg(json_build_object('lineNo', l.line_no, 'productId', l.product_id, 'quantity', l.quantity,
                       'holdsStock', l.holds_stock, 'price', l.catalog_price) ORDER BY l.line_no)
                 FROM reservation_lines l WHERE l.tenant_id = r.tenant_id AND l.order_id = r.order_id) AS lines
         FROM reservations r WHERE r.order_id = ANY($1) ORDER BY r.order_id`,
      [orderIds],
    ),
  };
}

describe('single and bulk settlement', () => {
  it('when the same sales are committed one by one and settled in one batch, then stock, movements, discrepancies and reservations are identical', async () => {
    const made = await Promise.all(
      [single, bulk].map(async (inv) => [
        await createStockedProduct(inv, 'eq', 1, 5),
        await createStockedProduct(inv, 'eq', 2, 3),
        await createStockedProduct(inv, 'eq', 3, 0),
      ]),
    );
    const [p1, p2, p3] = made[0] as [string, string, string];
    expect(made[1]).toEqual(made[0]);
    const heldFirst = sale('strict', [[p2, 1]]);
    const sales = [
      heldFirst,
      sale('strict', [[p1, 2]]),
      sale('strict', [
        [p1, 2],
        [p2, 1],
      ]),
      sale('strict', [[p1, 2]]), // short: 1 left
      sale('force', [
        [p1, 3],
        [p2, 1],
      ]), // p1 past zero: a negative_stock discrepancy
      sale('force', [
        ['eq-ghost', 1],
        [p3, 1],
      ]), // unknown product, and p3 below zero
      sale('strict', [
        [p2, 1],
        [p2, 1],
      ]), // one product on two lines, short
      sale('force', [
        [p1, 1],
        [p1, 1],
      ]), // two lines, each below zero
    ];
    // Order ids ascending in list order: both paths take the sales in this order (the batch sorts by order id).
    const ids = sales.map(() => uuidv7()).sort();
    sales.forEach((s, i) => {
      s.orderId = ids[i]!;
    });

    // A hold that already stands when the sales are settled: reserved in both.
    for (const inv of [single, bulk]) expect((await reserve(inv, heldFirst)).status).toBe(201);

    // One by one, as the per-step saga: reserve, and commit what holds.
    for (const s of sales) {
      const reserved = await reserve(single, s);
      expect([200, 201]).toContain(reserved.status);
      if (reserved.body.reservation.status === 'held') expect((await commit(single, s.orderId)).status).toBe(200);
    }
    // In one batch, as the cash settlement.
    const settled = await bulk.call('POST', '/v1/reservations/batch', {
      as: 'service',
      key: `settle:${uuidv7()}`,
      body: { orders: sales },
    });
    expect(settled.status).toBe(200);

    const products = [p1, p2, p3, 'eq-ghost'];
    const [one, batch] = await Promise.all([outcome(single, products, ids), outcome(bulk, products, ids)]);
    expect(batch).toEqual(one);

    // And what they are: the equivalence holds over real outcomes of every kind.
    expect(one.stock).toEqual([
      { id: p1, on_hand: -4, reserved: 0 },
      { id: p2, on_hand: 0, reserved: 0 },
      { id: p3, on_hand: -1, reserved: 0 },
    ]);
    expect(one.reservations.map((r) => r.status)).toEqual([
      'committed',
      'committed',
      'committed',
      'rejected',
      'committed',
      'committed',
      'rejected',
      'committed',
    ]);
    expect(one.discrepancies.map((d) => [d.product_id, d.kind, Number(d.on_hand_after ?? Number.NaN)])).toEqual([
      [p1, 'negative_stock', -2],
      ['eq-ghost', 'unknown_product', Number.NaN],
      [p3, 'negative_stock', -1],
      [p1, 'negative_stock', -3],
      [p1, 'negative_stock', -4],
    ]);
    expect(one.discrepancyEvents).toHaveLength(one.discrepancies.length);
    expect(one.movements).toHaveLength(9);
  });
});
