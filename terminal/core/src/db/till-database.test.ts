import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import type { SaleRecord } from '../outbox/outbox-record.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { getMeta } from './meta.ts';
import { TillDatabase } from './till-database.ts';

/** The till's database exactly as version 1 of the app created it. */
function versionOneDatabase(terminalId: string): Dexie {
  const db = new Dexie(`till-${terminalId}`);
  db.version(1).stores({ products: 'id, sku, barcode, *words, category', sales: 'id, &seq, status, [status+seq], createdAt', meta: 'key' });
  return db;
}

describe('TillDatabase schema upgrades', () => {
  it('when a version-1 database with unsynced sales is opened by the current app, then every sale is kept byte for byte', async () => {
    const terminalId = uniqueTerminalId('upgrade');
    const current = new TillDatabase(terminalId);
    await current.open();
    for (let i = 0; i < 30; i++) await recordCash(current, terminalId);
    const before = await current.sales.orderBy('seq').toArray();
    const nextSeq = await getMeta(current, 'nextSeq');
    const openShift = await getMeta(current, 'openShift');
    current.close();
    // Reproduce a version-1 database: the same rows written by the old schema.
    await Dexie.delete(`till-${terminalId}`);
    const old = versionOneDatabase(terminalId);
    await old.open();
    await old.table('sales').bulkAdd(before);
    await old.table('meta').bulkPut([
      { key: 'nextSeq', value: nextSeq },
      { key: 'openShift', value: openShift },
    ]);
    old.close();

    const upgraded = new TillDatabase(terminalId);
    await upgraded.open();
    expect(upgraded.verno).toBe(4);
    expect(await upgraded.sales.orderBy('seq').toArray()).toEqual(before);
    // Version 3's and 4's tables start empty.
    expect(await upgraded.parkedCarts.count()).toBe(0);
    expect(await upgraded.receiptPrints.count()).toBe(0);
    expect(await upgraded.staff.count()).toBe(0);
    expect(await upgraded.pinAttempts.count()).toBe(0);
    // The 30 sales and their shift's opening (seq 1).
    expect(await upgraded.sales.where('status').equals('queued').count()).toBe(31);
    expect((await recordCash(upgraded, terminalId)).seq).toBe(32);
    upgraded.close();
  });

  it('when a sale of another till carries a seq this till also used, then both are stored (seq is per terminal, not per database)', async () => {
    const terminalId = uniqueTerminalId('seq-per-terminal');
    const db = new TillDatabase(terminalId);
    await db.open();
    const own = await recordCash(db, terminalId);
    const foreign: SaleRecord = {
      ...own,
      id: '01936b2e-0000-7000-8000-00000000abcd',
      order: { ...own.order, terminalId: 'other-till', id: '01936b2e-0000-7000-8000-00000000abcd' },
    };
    await db.sales.add(foreign);
    expect(await db.sales.where('seq').equals(own.seq).count()).toBe(2);
    db.close();
  });
});
