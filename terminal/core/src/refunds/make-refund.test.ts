import { describe, expect, it } from 'vitest';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { checkRefund, makeRefund, RefundRefused } from './make-refund.ts';
import { loadRefundSource } from './refund-source.ts';

async function openTill(): Promise<{ db: TillDatabase; terminalId: string }> {
  const terminalId = uniqueTerminalId('refund');
  const db = new TillDatabase(terminalId);
  await db.open();
  return { db, terminalId };
}

// Offline: the source is the till's own record; POS Core is never asked.
const offlineSource = (db: TillDatabase, orderId: string) => loadRefundSource(db, null as never, false, orderId, async () => undefined);

describe('refunds at the till', () => {
  it('when a sale is refunded offline, then the refund is an outbox record with the next number of the one per-till sequence', async () => {
    const { db, terminalId } = await openTill();
    const sale = await recordCash(db, terminalId);
    const source = await offlineSource(db, sale.id);
    const refund = await makeRefund(db, {
      source,
      choice: { lines: [{ lineNo: 1, quantity: 1, restock: true }], reason: 'broken', tender: 'cash' },
      terminalId,
      online: false,
      offlineLimit: 100_000,
    });
    expect(refund).toMatchObject({ entry: 'refund', seq: sale.seq + 1, status: 'queued' });
    expect(refund.refund).toMatchObject({ seq: sale.seq + 1, orderId: sale.id, captureMode: 'offline', tender: 'cash' });
    expect(refund.refund.amount).toBe(sale.order.lines[0]!.unitPrice);
    expect(await getMeta(db, 'nextSeq')).toBe(sale.seq + 2);
    // What remains counts the till's own refund.
    const after = await offlineSource(db, sale.id);
    expect(after.refundable[0]?.quantity).toBe(sale.order.lines[0]!.quantity - 1);
  });

  it('when a refund asks more than remains, exceeds the offline limit or wants a card offline, then the till refuses and records nothing', async () => {
    const { db, terminalId } = await openTill();
    const sale = await recordCash(db, terminalId);
    const source = await offlineSource(db, sale.id);
    const sold = sale.order.lines[0]!.quantity;
    const choice = (quantity: number, tender: 'cash' | 'card' = 'cash') => ({
      lines: [{ lineNo: 1, quantity, restock: true }],
      reason: 'broken',
      tender,
    });
    expect(checkRefund(source, choice(sold + 1), false, 100_000).problem).toContain('more than remains');
    expect(checkRefund(source, choice(1), false, 0).problem).toContain('Offline, a cash refund may be at most');
    expect(checkRefund({ ...source, paidByCard: true }, choice(1, 'card'), false, 100_000).problem).toContain('need the network');
    await expect(
      makeRefund(db, { source, choice: choice(sold + 1), terminalId, online: false, offlineLimit: 100_000 }),
    ).rejects.toBeInstanceOf(RefundRefused);
    expect(await getMeta(db, 'nextSeq')).toBe(sale.seq + 1);
  });
});
