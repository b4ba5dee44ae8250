/// <reference types="node" />
// The till's side of the abuse limits (issue 7): a 429 + Retry-After from POS Core is honoured.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../api/http-client.ts';
import { PosCoreClient } from '../api/pos-core-client.ts';
import { TillDatabase } from '../db/till-database.ts';
import { recordCash, uniqueTerminalId } from '../testing/sale-fixtures.ts';
import { type ScriptedPosCore, startScriptedPosCore } from '../testing/scripted-pos-core.ts';
import { waitFor } from '../testing/wait-for.ts';
import { SyncEngine } from './sync-engine.ts';

let pos: ScriptedPosCore;
let db: TillDatabase;
let terminalId: string;
let engine: SyncEngine | null = null;

beforeEach(async () => {
  pos = await startScriptedPosCore();
  terminalId = uniqueTerminalId('rate');
  db = new TillDatabase(terminalId);
  await db.open();
});
afterEach(async () => {
  await engine?.stop();
  db.close();
  await pos.close();
});

describe('SyncEngine under a rate limit', () => {
  it('when POS Core answers 429 with Retry-After, then the engine waits at least that long and resends the same sale', async () => {
    const sale = await recordCash(db, terminalId);
    pos.script.push({ kind: 'status', status: 429, retryAfter: 1 });
    const posCore = new PosCoreClient(new HttpClient({ baseUrl: pos.url, token: 'test-token', timeoutMs: 5_000 }));
    engine = new SyncEngine({ db, posCore, terminalId, locks: null, random: () => 0, pendingPollMs: 20, idleCheckMs: 50 });
    engine.start();
    await waitFor(() => pos.batches.length === 1, 'first attempt');
    const refusedAt = Date.now();
    await waitFor(async () => (await db.sales.get(sale.id))?.status === 'confirmed', 'the sale confirmed after the wait');
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(950);
    expect(pos.batches).toEqual([[sale.id], [sale.id]]);
  });
});
