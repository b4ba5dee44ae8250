import { describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { putMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { cashDrawerPulse } from '../receipt/open-cash-drawer.ts';
import { SyncEngine } from '../sync/sync-engine.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { openSyncedShift } from '../testing/shift-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
import { NoOpenShiftError } from './open-shift-state.ts';
import { noSale, recordNoSale } from './record-no-sale.ts';
import { shiftTotals } from './shift-totals.ts';

const network = { printer: { kind: 'network' as const, host: '127.0.0.1', port: 9100 } };
const bridge = (sent: Uint8Array[], answer = true) => ({
  printReceipt: async () => answer,
  printEscPos: async (bytes: Uint8Array) => {
    sent.push(bytes);
    return answer;
  },
});

describe('No sale at the till', () => {
  it('when the drawer is opened without a sale, then a no-sale record of the open shift takes the next seq with who did it and who approved, is synced and counted in the X report', async () => {
    const pos = await startScriptedPosCore();
    const terminalId = uniqueTerminalId('no-sale');
    const db = new TillDatabase(terminalId);
    await db.open();
    try {
      await expect(recordNoSale(db, { terminalId })).rejects.toBeInstanceOf(NoOpenShiftError);
      const opened = await openSyncedShift(db, terminalId, pos.url);
      const sale = await recordCash(db, terminalId);
      await putMeta(db, 'currentStaffId', 'staff-ada');
      const sent: Uint8Array[] = [];
      const first = await noSale(db, { bridge: bridge(sent), config: network }, { terminalId, approvedBy: 'staff-max' });
      expect(first.opening).toEqual({ opened: true });
      expect(sent.map((b) => [...b])).toEqual([[...cashDrawerPulse()]]);
      expect(first.record).toMatchObject({ entry: 'no-sale', seq: sale.seq + 1, status: 'queued' });
      expect(first.record?.payload).toMatchObject({
        kind: 'no-sale',
        seq: sale.seq + 1,
        shiftId: opened.id,
        staffId: 'staff-ada',
        approvedBy: 'staff-max',
      });
      // The printer did not take the pulse: the opening asked for stays on record, and the answer says so.
      const second = await noSale(db, { bridge: bridge([], false), config: network }, { terminalId });
      expect(second.opening).toEqual({ opened: false, reason: 'printer-unreachable' });
      expect(second.record?.payload).not.toHaveProperty('approvedBy');
      // No drawer the till can open: nothing is recorded.
      const none = await noSale(db, { bridge: bridge([]), config: {} }, { terminalId });
      expect(none).toEqual({ opening: { opened: false, reason: 'no-network-printer' }, record: null });

      const totals = await shiftTotals(db, { terminalId, openSeq: opened.seq, float: opened.payload.float });
      expect(totals.noSales).toBe(2);
      expect(totals.expectedCash).toBe(
        (await shiftTotals(db, { terminalId, openSeq: opened.seq, float: opened.payload.float }, null, sale.seq)).expectedCash,
      );

      const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 'test-token', timeoutMs: 5_000 }));
      const engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 0, pendingPollMs: 20, idleCheckMs: 50 });
      engine.start();
      try {
        await waitFor(async () => (await db.sales.toArray()).every((r) => r.status === 'confirmed'), 'every record synced');
      } finally {
        await engine.stop();
      }
      expect([...pos.shiftRecords.values()].filter((r) => r.kind === 'no-sale').map((r) => r.seq)).toEqual([sale.seq + 1, sale.seq + 2]);
    } finally {
      db.close();
      await pos.close();
    }
  });
});
