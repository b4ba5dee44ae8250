import { describe, expect, it } from 'vitest';
import { InvalidOrderError } from '../checkout/build-order.ts';
import { recordCashSale } from '../checkout/record-cash-sale.ts';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { ensureOpenShift } from '../shift/ensure-open-shift.ts';
import { NoOpenShiftError } from '../shift/open-shift-state.ts';
import { oneItemCart, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { isSale } from './outbox-record.ts';

/** A till with its shift open: the shift-open record is seq 1, sales follow. */
async function openTill(): Promise<{ db: TillDatabase; terminalId: string }> {
  const terminalId = uniqueTerminalId('record');
  const db = new TillDatabase(terminalId);
  await db.open();
  await ensureOpenShift(db, { terminalId, currency: 'EUR' });
  return { db, terminalId };
}

describe('recordSale', () => {
  it('when 50 sales are recorded concurrently, then they get the consecutive seqs after the shift’s opening (2..51), each once, with their outbox status', async () => {
    const { db, terminalId } = await openTill();
    const sales = await Promise.all(Array.from({ length: 50 }, () => recordCash(db, terminalId)));
    expect(sales.map((s) => s.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 2));
    const stored = (await db.sales.orderBy('seq').toArray()).filter(isSale);
    expect(stored).toHaveLength(50);
    expect(stored.map((s) => s.order.seq)).toEqual(stored.map((s) => s.seq));
    expect(stored.every((s) => s.status === 'queued')).toBe(true);
    expect(new Set(stored.map((s) => s.order.lamport)).size).toBe(50);
    expect(await getMeta(db, 'nextSeq')).toBe(52);
    db.close();
  });

  it('when two windows record at the same time, then their seqs never collide', async () => {
    const { db, terminalId } = await openTill();
    const other = new TillDatabase(terminalId);
    await other.open();
    const sales = await Promise.all(Array.from({ length: 20 }, (_, i) => recordCash(i % 2 ? db : other, terminalId)));
    expect(new Set(sales.map((s) => s.seq)).size).toBe(20);
    expect(Math.max(...sales.map((s) => s.seq))).toBe(21);
    other.close();
    db.close();
  });

  it('when the order is invalid, then nothing is written and no seq is used up', async () => {
    const { db, terminalId } = await openTill();
    await expect(
      recordCashSale(db, {
        cart: oneItemCart(500),
        received: 100,
        context: { terminalId, currency: 'EUR', priceListVersion: 1, captureMode: 'offline' },
      }),
    ).rejects.toBeInstanceOf(InvalidOrderError);
    expect(await db.sales.count()).toBe(1);
    expect((await recordCash(db, terminalId)).seq).toBe(2);
    db.close();
  });

  it('when no shift is open, then a sale is refused, nothing is written and no seq is used up', async () => {
    const terminalId = uniqueTerminalId('record');
    const db = new TillDatabase(terminalId);
    await db.open();
    const context = { terminalId, currency: 'EUR', priceListVersion: 1, captureMode: 'offline' as const };
    await expect(recordCashSale(db, { cart: oneItemCart(500), received: 500, context })).rejects.toBeInstanceOf(NoOpenShiftError);
    expect(await db.sales.count()).toBe(0);
    expect(await getMeta(db, 'nextSeq')).toBeUndefined();
    db.close();
  });

  it('when thousands of sales wait unsynced and the till restarts, then every one is still there: the queue is never capped or evicted', async () => {
    const { db, terminalId } = await openTill();
    for (let i = 0; i < 2_000; i++) await recordCash(db, terminalId);
    db.close();
    const reopened = new TillDatabase(terminalId);
    await reopened.open();
    // The 2 000 sales and the shift's opening record.
    expect(await reopened.sales.where('status').equals('queued').count()).toBe(2_001);
    const seqs = (await reopened.sales.orderBy('seq').keys()) as number[];
    expect(seqs[0]).toBe(1);
    expect(seqs.at(-1)).toBe(2_001);
    reopened.close();
  });
});
