import { describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { shiftTotals } from '../shift/shift-totals.ts';
import { SyncEngine } from '../sync/sync-engine.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { openSyncedShift } from '../testing/shift-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
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

  it('when POS Core refuses an online refund (more than remains), then its record is final — rejected with the server’s words — and counts for nothing', async () => {
    const pos = await startScriptedPosCore();
    const { db, terminalId } = await openTill();
    try {
      const opened = await openSyncedShift(db, terminalId, pos.url);
      const sale = await recordCash(db, terminalId);
      await settleSale(db, sale.id, { status: 'confirmed', failure: null });
      const words = 'Refund of order x refused: line 1: 1 more than remains refundable. Nothing changed.';
      pos.refundOutcome = () => ({ status: 'refused', statusReason: words });
      const refund = await makeRefund(db, {
        source: await offlineSource(db, sale.id),
        choice: { lines: [{ lineNo: 1, quantity: 1, restock: true }], reason: 'broken', tender: 'cash' },
        terminalId,
        online: true,
        offlineLimit: 0,
      });
      const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 'test-token', timeoutMs: 5_000 }));
      const engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 0, pendingPollMs: 20, idleCheckMs: 50 });
      engine.start();
      try {
        await waitFor(async () => (await db.sales.get(refund.id))?.status === 'rejected', 'the refund settled as refused');
      } finally {
        await engine.stop();
      }
      expect(await db.sales.get(refund.id)).toMatchObject({ status: 'rejected', reason: words });
      expect(pos.refunds.get(refund.id)?.seq).toBe(refund.seq);
      // Nothing went back: the shift's totals have no refund and the whole line remains refundable.
      const totals = await shiftTotals(db, { terminalId, openSeq: opened.seq, float: opened.payload.float });
      expect(totals.refunds).toEqual({ count: 0, total: 0, tax: 0 });
      expect((await offlineSource(db, sale.id)).refundable[0]?.quantity).toBe(sale.order.lines[0]!.quantity);
    } finally {
      db.close();
      await pos.close();
    }
  });
});
