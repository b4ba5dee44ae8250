/// <reference types="node" />

import { PROBLEM_TYPE_BASE, PROBLEM_TYPES } from '@pos/shared/problem';
import { tillSyncHeader } from '@pos/shared/till-sync-report';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { TillDatabase } from '../db/till-database.ts';
import { isSale } from '../outbox/outbox-record.ts';
import { countUnsyncedSales, getSale } from '../outbox/read-sales.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { openSyncedShift } from '../testing/shift-fixtures.ts';
import { waitFor } from '../testing/wait-for.ts';
import { SyncEngine, type SyncEngineOptions } from './sync-engine.ts';

let pos: ScriptedPosCore;
let db: TillDatabase;
let terminalId: string;
const engines: SyncEngine[] = [];

beforeEach(async () => {
  pos = await startScriptedPosCore();
  terminalId = uniqueTerminalId('sync');
  db = new TillDatabase(terminalId);
  await db.open();
  // The shift is open and its opening record (seq 1) synced: the sales below are seq 2, 3…
  await openSyncedShift(db, terminalId, pos.url);
});

afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.stop()));
  db.close();
  await pos.close();
});

function startEngine(options: Partial<SyncEngineOptions> = {}): SyncEngine {
  const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 'test-token', timeoutMs: 5_000 }));
  const engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 0, pendingPollMs: 20, idleCheckMs: 50, ...options });
  engines.push(engine);
  engine.start();
  return engine;
}

/** The sales' statuses (the shift's opening record aside). */
const statuses = async () => Object.fromEntries((await db.sales.toArray()).filter(isSale).map((s) => [s.id, s.status]));
const allConfirmed = async () => (await db.sales.toArray()).every((s) => s.status === 'confirmed');

describe('SyncEngine', () => {
  it('when queued sales are drained, then they go in seq order, one batch per chunk, and are shown confirmed only after the server confirmed them', async () => {
    const sales = [];
    for (let i = 0; i < 7; i++) sales.push(await recordCash(db, terminalId));
    startEngine({ batchSize: 3 });
    await waitFor(allConfirmed, 'all sales confirmed');
    expect(pos.batches.flat()).toEqual(sales.map((s) => s.id));
    expect(pos.batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect([...pos.created.values()].map((o) => o.seq)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  it('when sales written before outbox records named their kind wait beside new ones, then all are sent as sales in one seq-ordered batch', async () => {
    const sales = [];
    for (let i = 0; i < 4; i++) sales.push(await recordCash(db, terminalId));
    expect(sales.every((s) => s.entry === 'sale')).toBe(true);
    // Rows of an older till: the same record without the `entry` tag.
    for (const sale of sales.slice(0, 2)) {
      const { entry: _untagged, ...legacy } = sale;
      await db.sales.put(legacy);
    }
    startEngine();
    await waitFor(allConfirmed, 'all sales confirmed');
    expect(pos.batches).toEqual([sales.map((s) => s.id)]);
  });

  it('when batches are sent, then each carries the till’s report: what stays queued behind it, since when, and its last seq', async () => {
    const sales = [await recordCash(db, terminalId), await recordCash(db, terminalId), await recordCash(db, terminalId)];
    startEngine({ batchSize: 2 });
    await waitFor(allConfirmed, 'all sales confirmed');
    expect(pos.batches).toEqual([[sales[0]!.id, sales[1]!.id], [sales[2]!.id]]);
    const reports = pos.syncReports.map((r) => tillSyncHeader.parse(r));
    expect(reports).toEqual([
      { unsynced: 1, oldestUnsyncedAt: sales[0]!.createdAt, lastSeq: 4 },
      { unsynced: 0, oldestUnsyncedAt: null, lastSeq: 4 },
    ]);
  });

  it('when the connection fails and a response is lost, then the same ids are resent and no order is created twice', async () => {
    const sales = [await recordCash(db, terminalId), await recordCash(db, terminalId)];
    pos.script.push({ kind: 'drop' }, { kind: 'drop-after-processing' });
    startEngine();
    await waitFor(allConfirmed, 'all sales confirmed');
    expect(pos.batches).toEqual([sales.map((s) => s.id), sales.map((s) => s.id), sales.map((s) => s.id)]);
    expect([...pos.creations.values()]).toEqual([1, 1]);
    const rows = (await db.sales.toArray()).filter(isSale);
    expect(rows.map((r) => r.attempts)).toEqual([3, 3]);
  });

  it('when a send finds the server unreachable, then the sale keeps that failure while it waits, stays marked as sent offline once confirmed, and the errors are emptied when the queue is drained', async () => {
    const sale = await recordCash(db, terminalId, undefined, 'online');
    pos.script.push({ kind: 'drop' });
    const engine = startEngine();
    const failures: string[] = [];
    engine.subscribe(() => {
      for (const e of engine.getSnapshot().recentErrors) failures.push(e.failure.kind);
    });
    await waitFor(allConfirmed, 'the sale confirmed after the retry');
    expect(failures).toContain('network');
    const row = await getSale(db, sale.id);
    expect(row).toMatchObject({ status: 'confirmed', lastFailure: null, lastError: null, sentOffline: true });
    // Recorded as online (the till did not know yet); the payload is never rewritten.
    expect(row && isSale(row) && row.order.captureMode).toBe('online');
    await waitFor(() => engine.getSnapshot().state === 'idle', 'idle');
    expect(engine.getSnapshot().recentErrors).toEqual([]);
  });

  it('when a sale waits because the server is unreachable, then it keeps the classified failure (and its words for diagnostics)', async () => {
    const sale = await recordCash(db, terminalId);
    const closed = pos.url;
    await pos.close();
    const posCore = new PosCoreClient(new HttpClient({ baseUrl: closed, token: 'test-token', timeoutMs: 5_000 }));
    const engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 1, idleCheckMs: 50 });
    engines.push(engine);
    engine.start();
    await waitFor(async () => (await db.sales.get(sale.id))?.lastFailure?.kind === 'network', 'the failure recorded');
    const row = await db.sales.get(sale.id);
    expect(row).toMatchObject({ status: 'queued', sentOffline: true });
    expect(row?.lastError).toMatch(/^network: /);
    expect(engine.getSnapshot().recentErrors[0]?.failure.kind).toBe('network');
    expect(engine.getSnapshot().oldestUnsentAt).toBe(sale.createdAt);
    pos = await startScriptedPosCore();
  });

  it('when the server answers 503 with Retry-After, then the engine waits at least that long before resending', async () => {
    await recordCash(db, terminalId);
    pos.script.push({ kind: 'status', status: 503, retryAfter: 1 });
    const engine = startEngine();
    await waitFor(() => pos.batches.length === 1, 'first attempt');
    const refusedAt = Date.now();
    await waitFor(() => engine.getSnapshot().state === 'backing_off', 'backing off');
    expect(engine.getSnapshot().recentErrors[0]?.message).toContain('HTTP 503');
    await waitFor(allConfirmed, 'the sale confirmed after the retry');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(950);
    expect(pos.batches).toHaveLength(2);
  });

  it('when one item is refused with 422, then only that sale needs attention, with the reason, and the others confirm', async () => {
    const [a, b, c] = [await recordCash(db, terminalId), await recordCash(db, terminalId), await recordCash(db, terminalId)];
    pos.script.push({ kind: 'item-errors', errors: { [b.id]: { status: 422, detail: 'Idempotency-Key reused with another body' } } });
    startEngine();
    await waitFor(async () => (await db.sales.get(c.id))?.status === 'confirmed', 'the last sale confirmed');
    expect(await statuses()).toEqual({ [a.id]: 'confirmed', [b.id]: 'needs_attention', [c.id]: 'confirmed' });
    expect((await db.sales.get(b.id))?.reason).toBe('Idempotency-Key reused with another body');
    // It is kept, never resent automatically, never deleted.
    expect(pos.batches.flat().filter((id) => id === b.id)).toHaveLength(1);
    expect(await db.sales.count()).toBe(4); // the three sales and the shift's opening
  });

  it('when an item is answered 409, then it stays queued and is resent with the same id', async () => {
    const sale = await recordCash(db, terminalId);
    pos.script.push({ kind: 'item-errors', errors: { [sale.id]: { status: 409, detail: 'in flight' } } });
    startEngine();
    await waitFor(allConfirmed, 'the sale confirmed');
    expect(pos.batches).toEqual([[sale.id], [sale.id]]);
  });

  it('when the server says pending, then the sale shows pending until a poll reads its final status', async () => {
    const sale = await recordCash(db, terminalId);
    pos.statusFor = () => 'pending';
    startEngine();
    await waitFor(async () => (await db.sales.get(sale.id))?.status === 'pending', 'pending');
    pos.statuses.set(sale.id, 'confirmed');
    await waitFor(allConfirmed, 'confirmed through the poll');
    expect(pos.batches).toHaveLength(1);
  });

  it('when the token is refused, then the engine reports unauthorized and keeps every sale queued', async () => {
    await recordCash(db, terminalId);
    pos.script.push({ kind: 'status', status: 401 }, { kind: 'status', status: 401 });
    const engine = startEngine({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.5 });
    await waitFor(() => engine.getSnapshot().state === 'unauthorized', 'unauthorized');
    expect(Object.values(await statuses())).toEqual(['queued']);
  });

  it('when the token is refused as revoked, then the engine reports revoked and keeps every sale queued', async () => {
    await recordCash(db, terminalId);
    await recordCash(db, terminalId);
    const revoked = PROBLEM_TYPE_BASE + PROBLEM_TYPES.credentialRevoked;
    pos.script.push({ kind: 'status', status: 401, problemType: revoked }, { kind: 'status', status: 401, problemType: revoked });
    const engine = startEngine({ backoff: { baseMs: 60_000, capMs: 60_000 }, random: () => 0.5 });
    await waitFor(() => engine.getSnapshot().state === 'revoked', 'revoked');
    expect(Object.values(await statuses())).toEqual(['queued', 'queued']);
    expect(await countUnsyncedSales(db)).toBe(2);
  });

  it('when the till restarts with sales left "sending", then they are resent with their ids and confirmed once', async () => {
    const sales = [await recordCash(db, terminalId), await recordCash(db, terminalId), await recordCash(db, terminalId)];
    // A crash mid-send: the first two were on the wire, and the server did receive the first.
    await db.sales.bulkUpdate(sales.slice(0, 2).map((s) => ({ key: s.id, changes: { status: 'sending' as const } })));
    pos.created.set(sales[0]!.id, sales[0]!.order);
    pos.statuses.set(sales[0]!.id, 'confirmed');
    db.close();
    db = new TillDatabase(terminalId);
    await db.open();
    startEngine();
    await waitFor(allConfirmed, 'all confirmed after the restart');
    expect(pos.batches).toEqual([sales.map((s) => s.id)]);
    expect(pos.created.size).toBe(3);
    expect([...pos.creations.values()].every((n) => n <= 1)).toBe(true);
  });

  it('while a backlog drains, then progress counts what was sent out of the drain total', async () => {
    for (let i = 0; i < 5; i++) await recordCash(db, terminalId);
    const engine = startEngine({ batchSize: 2 });
    const seen: { total: number; done: number }[] = [];
    engine.subscribe(() => {
      const p = engine.getSnapshot().progress;
      if (p) seen.push({ total: p.total, done: p.done });
    });
    await waitFor(allConfirmed, 'all confirmed');
    expect(seen.at(0)).toEqual({ total: 5, done: 0 });
    expect(seen.at(-1)).toEqual({ total: 5, done: 4 });
  });

  it('when a backlog is drained with the default batch size, then batches start at 100 and double up to 500 (the most POS Core accepts), in seq order', async () => {
    const sales = [];
    for (let i = 0; i < 1_650; i++) sales.push(await recordCash(db, terminalId));
    const engine = startEngine();
    // 1,650 sales and the shift's opening record, which synced before.
    await waitFor(() => engine.getSnapshot().counts.confirmed === 1_651, 'all 1,650 shown confirmed', 60_000);
    expect(pos.batches.map((b) => b.length)).toEqual([100, 200, 400, 500, 450]);
    expect(pos.batches.flat()).toEqual(sales.map((s) => s.id));
    expect(await allConfirmed()).toBe(true);
  });

  it('when a whole batch is refused (400) mid-drain, then the drain goes back to its lowest queued sale, halves, and every sale is still sent', async () => {
    const sales = [];
    for (let i = 0; i < 8; i++) sales.push(await recordCash(db, terminalId));
    // The second batch (sales 3–4) is refused as a whole; its halves go through.
    pos.script.push({ kind: 'item-errors', errors: {} }, { kind: 'status', status: 400 });
    startEngine({ batchSize: 2 });
    await waitFor(allConfirmed, 'all sales confirmed');
    const sent = pos.batches.flat();
    expect(new Set(sent)).toEqual(new Set(sales.map((s) => s.id)));
    expect(pos.batches.slice(0, 3)).toEqual([[sales[0]!.id, sales[1]!.id], [sales[2]!.id, sales[3]!.id], [sales[2]!.id]]);
    expect([...pos.creations.values()].every((n) => n === 1)).toBe(true);
  });

  it('when a sale becomes queued behind the drain (an import with a lower seq), then it is sent by the next drain, not lost', async () => {
    for (let i = 0; i < 6; i++) await recordCash(db, terminalId);
    let imported: string | null = null;
    pos.onBatch = async () => {
      if (pos.batches.length !== 2 || imported) return;
      // A sale of another till with seq 1 (an imported sale keeps its own seq): queued behind the cursor.
      const sale = await recordCash(db, uniqueTerminalId('other'));
      await db.sales.update(sale.id, { seq: 1 });
      imported = sale.id;
    };
    startEngine({ batchSize: 2 });
    await waitFor(async () => imported !== null && (await allConfirmed()), 'all 7 confirmed');
    expect(pos.batches.flat()).toContain(imported);
    expect([...pos.creations.values()].every((n) => n === 1)).toBe(true);
  });

  it('when many sales were answered pending and the server has finished them, then one wake-up settles them all, 50 per round, without a poll period between rounds', async () => {
    for (let i = 0; i < 120; i++) await recordCash(db, terminalId);
    pos.statusFor = () => 'pending';
    const engine = startEngine({ pendingPollMs: 600_000 });
    await waitFor(() => engine.getSnapshot().state === 'idle' && engine.getSnapshot().counts.pending === 120, 'all 120 pending');
    for (const id of pos.statuses.keys()) pos.statuses.set(id, 'confirmed');
    engine.syncNow();
    await waitFor(allConfirmed, 'all 120 confirmed long before the next poll period', 30_000);
    expect(pos.batches.flat()).toHaveLength(120);
  });
});
