import { describe, expect, it } from 'vitest';
import type { SaleStatus } from '../outbox/outbox-record.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { openAcknowledgedShift, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { applyCatalogDelta } from './apply-catalog-delta.ts';
import { getMeta } from './meta.ts';
import { ResetRefused, resetTill } from './reset-till.ts';
import { TillDatabase } from './till-database.ts';

async function tillWith(statuses: SaleStatus[]): Promise<{ db: TillDatabase; terminalId: string }> {
  const terminalId = uniqueTerminalId('reset');
  const db = new TillDatabase(terminalId);
  await db.open();
  await openAcknowledgedShift(db, terminalId);
  for (const status of statuses) {
    const sale = await recordCash(db, terminalId);
    if (status !== 'queued') await settleSale(db, sale.id, { status });
  }
  return { db, terminalId };
}

describe('resetTill', () => {
  it.each<SaleStatus>(['queued', 'sending', 'pending', 'needs_attention'])(
    'when one sale is %s, then the reset is refused, says why, and erases nothing',
    async (status) => {
      const { db } = await tillWith(['confirmed', status]);
      const error = await resetTill(db).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResetRefused);
      expect((error as ResetRefused).unsynced).toEqual({ [status]: 1 });
      expect((error as Error).message).toMatch(/export them/);
      expect(await db.sales.count()).toBe(3); // the two sales and the shift's opening
      db.close();
    },
  );

  it('when every sale is final at the server, then sales and catalogue are erased while the numbering and the pairing are kept', async () => {
    const { db, terminalId } = await tillWith(['confirmed', 'declined', 'cancelled']);
    await applyCatalogDelta(db, {
      products: [
        {
          id: 'p-1',
          sku: 'S1',
          barcode: '1',
          name: 'Tea',
          category: 'drinks',
          price: 100,
          taxRateBps: 1000,
          onHand: 1,
          reserved: 0,
          available: 1,
          version: 1,
        },
      ],
      deleted: [],
      cursor: 'c1',
      priceListVersion: 1,
      hasMore: false,
      nextCursor: null,
    });
    await db.meta.put({ key: 'pairedCredential', value: { token: 'paired-token', terminalId } });
    await resetTill(db);
    expect(await db.meta.get('pairedCredential')).toEqual({ key: 'pairedCredential', value: { token: 'paired-token', terminalId } });
    expect(await db.sales.count()).toBe(0);
    expect(await db.products.count()).toBe(0);
    expect(await getMeta(db, 'catalogCursor')).toBeUndefined();
    expect((await recordCash(db, terminalId)).seq).toBe(5); // after the shift's opening and three sales
    db.close();
  });
});
