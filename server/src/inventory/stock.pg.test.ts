import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestInventory, type TestInventory } from '../testing/start-test-inventory.ts';

let inv: TestInventory;
beforeAll(async () => {
  inv = await startTestInventory();
});
afterAll(() => inv.stop());

const move = (key: string | undefined, body: unknown, as: 'manager' | 'terminal' | 'service' = 'manager') =>
  inv.call('POST', '/v1/stock/movements', { as, key, body });
const productOf = async (id: string) => (await inv.call('GET', `/v1/products/${id}`, { as: 'manager' })).body.product;
const movements = async (id: string) =>
  (await inv.db.pool.query('SELECT kind, quantity, on_hand_after, actor FROM stock_movements WHERE product_id = $1 ORDER BY id', [id]))
    .rows;

describe('stock movements', () => {
  it('when goods are received and a count corrects stock, then on_hand follows and every movement is audited', async () => {
    const start = (await productOf('p-baguette')).onHand;
    const receipt = await move('receipt-1', { productId: 'p-baguette', kind: 'receipt', quantity: 12, reason: 'delivery' });
    expect(receipt.status).toBe(201);
    expect(receipt.body.product).toMatchObject({ id: 'p-baguette', onHand: start + 12, available: start + 12 });
    const adjustment = await move('count-1', { productId: 'p-baguette', kind: 'adjustment', quantity: -5, reason: 'count' });
    expect(adjustment.body.product.onHand).toBe(start + 7);
    expect(await movements('p-baguette')).toEqual([
      { kind: 'receipt', quantity: start, on_hand_after: start, actor: null },
      { kind: 'receipt', quantity: 12, on_hand_after: start + 12, actor: 'demo-manager' },
      { kind: 'adjustment', quantity: -5, on_hand_after: start + 7, actor: 'demo-manager' },
    ]);
  });

  it('when a movement is retried with its key, then it applies once and the replay is marked', async () => {
    const start = (await productOf('p-pretzel')).onHand;
    const body = { productId: 'p-pretzel', kind: 'receipt', quantity: 3, reason: 'delivery' };
    const first = await move('receipt-2', body);
    const again = await move('receipt-2', body);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect((await move('receipt-2', { ...body, quantity: 4 })).status).toBe(422);
    expect((await productOf('p-pretzel')).onHand).toBe(start + 3);
  });

  it('when a movement is invalid, has no key, or comes from a till, then it is refused and nothing changes', async () => {
    const start = (await productOf('p-candle')).onHand;
    const cases: [string | undefined, unknown, number][] = [
      [undefined, { productId: 'p-candle', kind: 'receipt', quantity: 1, reason: 'x' }, 400],
      ['bad key with spaces', { productId: 'p-candle', kind: 'receipt', quantity: 1, reason: 'x' }, 400],
      ['k-neg', { productId: 'p-candle', kind: 'receipt', quantity: -1, reason: 'x' }, 400],
      ['k-zero', { productId: 'p-candle', kind: 'adjustment', quantity: 0, reason: 'x' }, 400],
      ['k-extra', { productId: 'p-candle', kind: 'receipt', quantity: 1, reason: 'x', tenantId: 'other' }, 400],
      ['k-unknown', { productId: 'no-such', kind: 'receipt', quantity: 1, reason: 'x' }, 404],
      ['k-below-zero', { productId: 'p-candle', kind: 'adjustment', quantity: -(start + 1), reason: 'x' }, 409],
    ];
    for (const [key, body, status] of cases) {
      const answer = await move(key, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      if (status === 400) expect(answer.body.errors.length).toBeGreaterThan(0);
    }
    expect((await move('k-till', { productId: 'p-candle', kind: 'receipt', quantity: 1, reason: 'x' }, 'terminal')).status).toBe(403);
    expect((await move('k-svc', { productId: 'p-candle', kind: 'receipt', quantity: 1, reason: 'x' }, 'service')).status).toBe(403);
    expect((await productOf('p-candle')).onHand).toBe(start);
  });

  it('when a refused movement is retried with its key once fixed, then it applies (a failed attempt claims nothing)', async () => {
    const start = (await productOf('p-dish-soap')).onHand;
    expect((await move('k-retry', { productId: 'p-dish-soap', kind: 'adjustment', quantity: -(start + 1), reason: 'x' })).status).toBe(409);
    expect((await move('k-retry', { productId: 'p-dish-soap', kind: 'adjustment', quantity: -1, reason: 'x' })).status).toBe(201);
    expect((await productOf('p-dish-soap')).onHand).toBe(start - 1);
  });
});
