/// <reference types="node" />
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { getMeta } from '../db/meta.ts';
import { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { settleSale } from '../outbox/settle-sales.ts';
import { SyncEngine } from '../sync/sync-engine.ts';
import { openAcknowledgedShift, recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { waitFor } from '../testing/wait-for.ts';
import { exportUnsyncedSales } from './export-sales.ts';
import { InvalidSalesFile, importSales } from './import-sales.ts';
import { SALES_FILE_SCHEMA_VERSION } from './sales-file.ts';

let pos: ScriptedPosCore;
const open: TillDatabase[] = [];
const engines: SyncEngine[] = [];

beforeEach(async () => {
  pos = await startScriptedPosCore();
});
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  for (const db of open.splice(0)) db.close();
  await pos.close();
});

async function till(label: string): Promise<{ db: TillDatabase; terminalId: string }> {
  const terminalId = uniqueTerminalId(label);
  const db = new TillDatabase(terminalId);
  await db.open();
  open.push(db);
  return { db, terminalId };
}

function drain(db: TillDatabase, terminalId: string): SyncEngine {
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 'test-token', timeoutMs: 5_000 }));
  const engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 0, pendingPollMs: 20, idleCheckMs: 50 });
  engines.push(engine);
  engine.start();
  return engine;
}

const allFinal = (db: TillDatabase) => async () => (await db.sales.where('status').anyOf('queued', 'sending').count()) === 0;

describe('exporting and importing unsynced sales', () => {
  it('when a file is exported, then it holds the schema version and every unfinished sale as its full order payload, and only those', async () => {
    const a = await till('export');
    await openAcknowledgedShift(a.db, a.terminalId);
    const sales = [await recordCash(a.db, a.terminalId), await recordCash(a.db, a.terminalId), await recordCash(a.db, a.terminalId)];
    await settleSale(a.db, sales[0]!.id, { status: 'confirmed' });
    await settleSale(a.db, sales[2]!.id, { status: 'needs_attention', reason: 'refused' });
    const file = await exportUnsyncedSales(a.db, a.terminalId);
    expect(file.schemaVersion).toBe(SALES_FILE_SCHEMA_VERSION);
    expect(file.sales.map((s) => s.order)).toEqual([sales[1]!.order, sales[2]!.order]);
    expect(await a.db.sales.where('status').equals('queued').count()).toBe(1);
  });

  it('when the same file is imported twice on another till and both tills sync, then each sale reaches the server exactly once with its original id, terminal and seq', async () => {
    const a = await till('source');
    const b = await till('target');
    await openAcknowledgedShift(a.db, a.terminalId); // seq 1; the sales are 2–6
    for (let i = 0; i < 5; i++) await recordCash(a.db, a.terminalId);
    const text = JSON.stringify(await exportUnsyncedSales(a.db, a.terminalId));

    expect(await importSales(b.db, b.terminalId, text)).toEqual({ imported: 5, skipped: 0 });
    expect(await importSales(b.db, b.terminalId, text)).toEqual({ imported: 0, skipped: 5 });
    const imported = (await b.db.sales.orderBy('seq').toArray()).filter(isSale);
    expect(imported.map((s) => [s.order.terminalId, s.seq, s.status])).toEqual([2, 3, 4, 5, 6].map((n) => [a.terminalId, n, 'queued']));
    expect(await getMeta(b.db, 'nextSeq')).toBeUndefined();

    drain(b.db, b.terminalId);
    await waitFor(allFinal(b.db), 'the imported sales sent');
    expect(await importSales(b.db, b.terminalId, text)).toEqual({ imported: 0, skipped: 5 });
    drain(a.db, a.terminalId);
    await waitFor(allFinal(a.db), 'the original sales sent');
    expect(pos.created.size).toBe(5);
    expect([...pos.creations.values()]).toEqual([1, 1, 1, 1, 1]);
    expect((await a.db.sales.toArray()).every((s) => s.status === 'confirmed')).toBe(true);
  });

  it("when sales numbered by this same terminal are imported, then the till's counter moves past them and never reuses a number", async () => {
    const a = await till('same-terminal');
    await openAcknowledgedShift(a.db, a.terminalId); // seq 1; the sales are 2–4
    for (let i = 0; i < 3; i++) await recordCash(a.db, a.terminalId);
    const text = JSON.stringify(await exportUnsyncedSales(a.db, a.terminalId));
    const reinstalled = new TillDatabase(`${a.terminalId}-reinstalled`);
    await reinstalled.open();
    open.push(reinstalled);
    await importSales(reinstalled, a.terminalId, text);
    // The reinstalled till opens its own shift (seq 5) before it sells (seq 6).
    expect((await recordCash(reinstalled, a.terminalId)).seq).toBe(6);
  });

  it('when the file is not a sales file, or of an unknown version, or holds an invalid order, then nothing is imported', async () => {
    const a = await till('bad-source');
    await recordCash(a.db, a.terminalId);
    const good = await exportUnsyncedSales(a.db, a.terminalId);
    const b = await till('bad-target');
    const invalid = [
      'not json',
      JSON.stringify({ ...good, schemaVersion: 99 }),
      JSON.stringify({ ...good, sales: [...good.sales, { ...good.sales[0]!, order: { ...good.sales[0]!.order, total: -1 } }] }),
    ];
    for (const text of invalid) await expect(importSales(b.db, b.terminalId, text)).rejects.toBeInstanceOf(InvalidSalesFile);
    expect(await b.db.sales.count()).toBe(0);
  });
});
