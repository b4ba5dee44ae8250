/**
 * A cash sale: recorded locally first, always (G5: selling never waits for the network), with
 * status 'queued'; the SyncEngine sends it. Its captureMode says whether POS Core was reachable
 * when it was made.
 */
import { uuidv7 } from '@pos/shared/ids';
import type { TillDatabase } from '../db/till-database.ts';
import type { SaleRecord } from '../outbox/outbox-record.ts';
import { recordSale } from '../outbox/record-sale.ts';
import { buildOrder, type SaleContext } from './build-order.ts';
import type { CartState } from './cart.ts';

export async function recordCashSale(
  db: TillDatabase,
  input: { cart: CartState; received: number; context: SaleContext; now?: Date },
): Promise<SaleRecord> {
  const now = input.now ?? new Date();
  const id = uuidv7(now.getTime());
  return recordSale(db, {
    kind: 'cash',
    status: 'queued',
    lineNames: input.cart.lines.map((l) => l.name),
    now,
    build: ({ seq, lamport }) =>
      buildOrder({ id, seq, lamport, cart: input.cart, payment: { type: 'cash', received: input.received }, context: input.context, now }),
  });
}
