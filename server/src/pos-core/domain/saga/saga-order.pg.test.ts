import { fileURLToPath } from 'node:url';
import { DEMO_TENANT_ID } from '@pos/shared/demo';
import type { OrderSubmission } from '@pos/shared/order';
import { DEFAULT_STORE_SETTINGS } from '@pos/shared/store-settings';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../../common/db.ts';
import { fingerprintOf } from '../../../common/idempotency.ts';
import { createTestDatabase, type TestDatabase } from '../../../testing/test-database.ts';
import { CROISSANT, ESPRESSO, orderFactory } from '../../../testing/test-orders.ts';
import { recordOrders } from '../record-orders.ts';
import { loadSagaOrder, sagaOrderOf } from './saga-order.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('saga_order', fileURLToPath(new URL('../../migrations', import.meta.url)));
});
afterAll(() => db.drop());

const orders = orderFactory();
const record = async (order: OrderSubmission) =>
  (
    await withTransaction(db.pool, (tx) =>
      recordOrders(tx, DEMO_TENANT_ID, [{ order, fingerprint: fingerprintOf(order) }], DEFAULT_STORE_SETTINGS),
    )
  ).ids;

describe('sagaOrderOf', () => {
  const cash = orders.cash([{ product: ESPRESSO, quantity: 2 }]);
  const card = orders.card('tok_visa', [{ product: ESPRESSO }, { product: CROISSANT, quantity: 3 }], { captureMode: 'online' });
  const split = orders.card('tok_mastercard', [{ product: CROISSANT, quantity: 2 }]);
  split.tenders = [
    { ...(cash.tenders[0] as Extract<OrderSubmission['tenders'][number], { type: 'cash' }>), amount: 60, received: 60 },
    { ...(split.tenders[0] as Extract<OrderSubmission['tenders'][number], { type: 'card' }>), amount: split.total - 60 },
  ];

  const twoCards = orders.cards(['tok_visa', 'tok_declined'], [{ product: CROISSANT, quantity: 3 }]);
  twoCards.tenders.push({ type: 'cash', amount: 40, received: 50 });
  twoCards.tenders[0]!.amount -= 40;

  for (const [name, order] of [
    ['a cash sale', cash],
    ['a card sale of two lines', card],
    ['a sale paid partly in cash, partly by card', split],
    ['a sale paid by two card parts and cash', twoCards],
  ] as const) {
    it(`when ${name} was recorded, then the facts taken from its submission equal those read back`, async () => {
      expect(await record(order)).toContain(order.id);
      expect(sagaOrderOf(DEMO_TENANT_ID, order)).toEqual(await loadSagaOrder(db.pool, DEMO_TENANT_ID, order.id));
    });
  }

  it('when a sale has two card parts, then they are parts 1 and 2 in tender order', () => {
    expect(sagaOrderOf(DEMO_TENANT_ID, twoCards).cards).toEqual([
      { part: 1, amount: twoCards.tenders[0]!.amount, cardToken: 'tok_visa' },
      { part: 2, amount: twoCards.tenders[1]!.amount, cardToken: 'tok_declined' },
    ]);
  });
});
