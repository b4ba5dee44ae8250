import { computeZTotals } from '@pos/shared/z-totals';
import { describe, expect, it } from 'vitest';
import { getMeta, putMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { oneItemCart, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
import { closeDifference } from './close-difference.ts';
import { closeShift } from './close-shift.ts';
import { openShift } from './open-shift.ts';
import { NoOpenShiftError, ShiftAlreadyOpenError } from './open-shift-state.ts';
import { recordCashMovement } from './record-cash-movement.ts';
import { describeZReport } from './till-z-report.ts';
import { type ShiftView, watchShiftView } from './watch-shift.ts';

async function freshTill() {
  const terminalId = uniqueTerminalId('shift');
  const db = new TillDatabase(terminalId);
  await db.open();
  return { db, terminalId };
}

describe('a shift on the till', () => {
  it('when a shift is opened, sold in, moved cash in and out and closed, then its records take consecutive seqs and the Z is the shared function over them', async () => {
    const { db, terminalId } = await freshTill();
    await expect(recordCashMovement(db, { terminalId, direction: 'in', amount: 100, reason: 'x' })).rejects.toBeInstanceOf(
      NoOpenShiftError,
    );
    const open = await openShift(db, { terminalId, currency: 'EUR', float: 10_000 });
    await expect(openShift(db, { terminalId, currency: 'EUR', float: 1 })).rejects.toBeInstanceOf(ShiftAlreadyOpenError);
    const a = await recordCash(db, terminalId, oneItemCart(250, 2)); // received 550: 50 change
    const declined = await recordCash(db, terminalId, oneItemCart(900));
    await settleSale(db, declined.id, { status: 'declined' });
    const moneyIn = await recordCashMovement(db, { terminalId, direction: 'in', amount: 2_000, reason: 'bank' });
    const moneyOut = await recordCashMovement(db, { terminalId, direction: 'out', amount: 500, reason: 'safe' });
    const close = await closeShift(db, {
      terminalId,
      denominations: [
        { value: 10_000, quantity: 1 },
        { value: 500, quantity: 4 },
        { value: 1, quantity: 0 },
      ],
    });

    expect([open, a, declined, moneyIn, moneyOut, close].map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(moneyIn.payload.shiftId).toBe(open.id);
    expect(close.payload).toMatchObject({
      shiftId: open.id,
      lastSeq: 6,
      zNumber: 1,
      count: {
        total: 12_000,
        denominations: [
          { value: 10_000, quantity: 1 },
          { value: 500, quantity: 4 },
        ],
      },
    });
    expect(close.payload.tillTotals).toEqual(
      computeZTotals({
        float: 10_000,
        sales: [a.order],
        refunds: [],
        movements: [
          { direction: 'in', amount: 2_000 },
          { direction: 'out', amount: 500 },
        ],
        counted: 12_000,
      }),
    );
    expect(close.payload.tillTotals.expectedCash).toBe(10_000 + 550 - 50 + 2_000 - 500);
    expect(await getMeta(db, 'openShift')).toBeNull();
    await expect(recordCash(db, terminalId)).resolves.toMatchObject({ seq: 8 }); // the fixture opens shift 2 (seq 7)
    const second = await getMeta(db, 'openShift');
    await expect(closeShift(db, { terminalId, denominations: [] })).resolves.toMatchObject({
      payload: { zNumber: 2, shiftId: second?.id },
    });

    const z = await describeZReport(db, close, null);
    expect(z).toMatchObject({ status: 'provisional', zNumber: 1, openSeq: 1, lastSeq: 6, unsynced: 5, counted: 12_000 });
    db.close();
  });

  it('when the shift changes, then the Shift screen’s view follows: open with its X totals, then closed with its Z listed', async () => {
    const { db, terminalId } = await freshTill();
    const views: ShiftView[] = [];
    const stop = watchShiftView(db, terminalId, (v) => views.push(v));
    await waitFor(() => views.length > 0, 'first view');
    expect(views.at(-1)).toEqual({ open: null, x: null, zReports: [] });
    await openShift(db, { terminalId, currency: 'EUR', float: 500 });
    await recordCash(db, terminalId, oneItemCart(300));
    await waitFor(() => views.at(-1)?.x?.sales.count === 1, 'the X report with the sale');
    expect(views.at(-1)?.x?.expectedCash).toBe(800);
    await closeShift(db, { terminalId, denominations: [{ value: 100, quantity: 8 }] });
    await waitFor(() => views.at(-1)?.zReports.length === 1 && views.at(-1)?.open === null, 'the Z listed');
    stop();
    expect((await db.sales.toArray()).filter(isSale)).toHaveLength(1);
    db.close();
  });
  it("when the blind count is entered, then the till knows counted − expected and the store's tolerance (default until learned) before it records the close", async () => {
    const { db, terminalId } = await freshTill();
    await expect(closeDifference(db, terminalId, [])).rejects.toBeInstanceOf(NoOpenShiftError);
    await openShift(db, { terminalId, currency: 'EUR', float: 10_000 });
    await recordCash(db, terminalId, oneItemCart(250, 2)); // +500 cash
    await recordCashMovement(db, { terminalId, direction: 'out', amount: 1_000, reason: 'safe' });
    const count = [
      { value: 5_000, quantity: 1 },
      { value: 1_000, quantity: 3 },
      { value: 1, quantity: 0 },
    ];
    expect(await closeDifference(db, terminalId, count)).toEqual({ counted: 8_000, expected: 9_500, difference: -1_500, tolerance: 500 });
    await putMeta(db, 'shiftCloseTolerance', 2_000);
    expect((await closeDifference(db, terminalId, count)).tolerance).toBe(2_000);
    // Asking records nothing: the shift is still open and the close's totals say the same.
    const close = await closeShift(db, { terminalId, denominations: count, approvedBy: 'mgr-1' });
    expect(close.payload.tillTotals).toMatchObject({ expectedCash: 9_500, counted: 8_000, difference: -1_500 });
    expect(close.payload.approvedBy).toBe('mgr-1');
  });
});
